import { Dialog, Kbd } from "../kit";
import { SHORTCUTS } from "../shortcuts";
import { useServices, useUi } from "./services";

/** Every shortcut, from the one map the handlers read. */
export function ShortcutTable() {
  const groups = [...new Set(SHORTCUTS.map((s) => s.group))];
  return (
    <div className="shortcut-groups">
      {groups.map((g) => (
        <section key={g} className="shortcut-group">
          <h3>{g}</h3>
          <dl>
            {SHORTCUTS.filter((s) => s.group === g).map((s) => (
              <div key={s.id} className="shortcut-row" data-testid={`shortcut-${s.id}`}>
                <dt>{s.label}</dt>
                <dd>
                  <Kbd keys={s.keys} />
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </div>
  );
}

export function CheatSheet() {
  const open = useUi((s) => s.cheatsheet);
  const { ui } = useServices();
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => ui.setState({ cheatsheet: o })}
      title="Keyboard shortcuts"
      description="Single keys work when you are not typing in a field."
      className="cheatsheet"
      testId="cheatsheet"
    >
      <div className="dialog-body">
        <ShortcutTable />
      </div>
    </Dialog>
  );
}
