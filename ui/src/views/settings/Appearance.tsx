import { Monitor, Moon, Sun } from "lucide-react";

import type { Rendering } from "../../backend";
import type { Theme } from "../../app/prefs";
import { useAppInfo } from "../../app/queries";
import { usePrefs, useServices } from "../../app/services";
import { cx } from "../../kit";

const THEMES: { value: Theme; label: string; icon: typeof Sun; hint: string }[] = [
  { value: "light", label: "Light", icon: Sun, hint: "Dark text on light surfaces" },
  { value: "dark", label: "Dark", icon: Moon, hint: "Light text on dark surfaces" },
  { value: "system", label: "System", icon: Monitor, hint: "Follows your desktop, live" },
];

/** How the window is drawn (the shell decides at start: src-tauri/src/rendering.rs), in words. */
const RENDERING: Record<Rendering, { label: string; more: string }> = {
  gpu: {
    label: "With GPU compositing (WebKit's default)",
    more: "If the window is slow or draws wrongly, start Parallax with PARALLAX_RENDERING=software.",
  },
  software_no_gpu: {
    label: "Without GPU compositing: no GPU was found",
    more: "Compositing in software made every change on screen slow, so it is off. To try it anyway, start Parallax with PARALLAX_RENDERING=gpu.",
  },
  software_chosen: {
    label: "Without GPU compositing, as chosen",
    more: "PARALLAX_RENDERING=software or WEBKIT_DISABLE_COMPOSITING_MODE is set where Parallax was started.",
  },
  gpu_chosen: {
    label: "With GPU compositing, as chosen, though no GPU was found",
    more: "PARALLAX_RENDERING=gpu is set: drawing in software may be slow. Without it, compositing is off on this computer.",
  },
};

export function Appearance() {
  const { prefs } = useServices();
  const theme = usePrefs((s) => s.theme);
  const collapsed = usePrefs((s) => s.sidebarCollapsed);
  const fold = usePrefs((s) => s.foldComposer);
  const saveError = usePrefs((s) => s.saveError);
  const rendering = useAppInfo().data?.rendering;
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
      {rendering && (
        <section className="card" data-testid="appearance-rendering" data-rendering={rendering}>
          <h3>Drawing</h3>
          <p>{RENDERING[rendering].label}</p>
          <p className="muted small">{RENDERING[rendering].more} Read when Parallax starts.</p>
        </section>
      )}
      <p className="muted small">Animations follow your system's “reduce motion” setting. These preferences are kept on this computer only.</p>
      {saveError && (
        <p className="form-error" role="alert">
          {saveError}
        </p>
      )}
    </>
  );
}
