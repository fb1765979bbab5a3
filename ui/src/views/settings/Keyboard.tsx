import { ShortcutTable } from "../../app/CheatSheet";

export function KeyboardSection() {
  return (
    <section className="card">
      <ShortcutTable />
    </section>
  );
}
