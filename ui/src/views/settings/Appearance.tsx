import { Monitor, Moon, Sun } from "lucide-react";

import type { Theme } from "../../app/prefs";
import { usePrefs, useServices } from "../../app/services";
import { cx } from "../../kit";

const THEMES: { value: Theme; label: string; icon: typeof Sun; hint: string }[] = [
  { value: "light", label: "Light", icon: Sun, hint: "Dark text on light surfaces" },
  { value: "dark", label: "Dark", icon: Moon, hint: "Light text on dark surfaces" },
  { value: "system", label: "System", icon: Monitor, hint: "Follows your desktop, live" },
];

export function Appearance() {
  const { prefs } = useServices();
  const theme = usePrefs((s) => s.theme);
  const collapsed = usePrefs((s) => s.sidebarCollapsed);
  const fold = usePrefs((s) => s.foldComposer);
  const saveError = usePrefs((s) => s.saveError);
  return (
    <>
      <section className="card">
        <h3 id="theme-label">Theme</h3>
        <div className="theme-choices" role="radiogroup" aria-labelledby="theme-label">
          {THEMES.map((t) => (
            <button
              key={t.value}
              type="button"
              role="radio"
              aria-checked={theme === t.value}
              className={cx("theme-choice", theme === t.value && "on")}
              onClick={() => prefs.set("theme", t.value)}
              data-testid={`appearance-theme-${t.value}`}
            >
              <t.icon size={18} aria-hidden />
              <span className="theme-choice-label">{t.label}</span>
              <span className="muted small">{t.hint}</span>
            </button>
          ))}
        </div>
      </section>
      <section className="card">
        <h3>Sidebar</h3>
        <label className="check-row">
          <input type="checkbox" checked={collapsed} onChange={(e) => prefs.set("sidebarCollapsed", e.target.checked)} data-testid="appearance-sidebar" />
          Collapsed to icons (labels show as tooltips)
        </label>
      </section>
      <section className="card">
        <h3>Compare</h3>
        <label className="check-row">
          <input type="checkbox" checked={fold} onChange={(e) => prefs.set("foldComposer", e.target.checked)} data-testid="appearance-fold" />
          Fold the prompt box to one line while answers are shown (<kbd>/</kbd> or “Edit prompt and models” unfolds it)
        </label>
      </section>
      <p className="muted small">Animations follow your system's “reduce motion” setting. These preferences are kept on this computer only.</p>
      {saveError && (
        <p className="form-error" role="alert">
          {saveError}
        </p>
      )}
    </>
  );
}
