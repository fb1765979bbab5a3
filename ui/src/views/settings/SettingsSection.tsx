import { useParams } from "@tanstack/react-router";
import { useEffect } from "react";

import type { BackendError } from "../../backend";
import { useSettings } from "../../app/queries";
import { useServices } from "../../app/services";
import { Appearance } from "./Appearance";
import { BudgetsSection } from "./Budgets";
import { DataSection } from "./Data";
import { DefaultsSection } from "./Defaults";
import { EndpointsSection } from "./Endpoints";
import { KeyboardSection } from "./Keyboard";
import { LimitsSection } from "./Limits";
import { ProvidersSection } from "./Providers";
import { isSection, SECTIONS, type SectionId } from "./sections";

export { isSection };

/** The sections that show the backend's settings wait for them; the others do not. */
const NEEDS_SETTINGS: SectionId[] = ["providers", "endpoints", "limits", "budgets"];

export function SettingsSectionView() {
  const { section } = useParams({ from: "/settings/$section" });
  const { ui } = useServices();
  const settings = useSettings();
  const id: SectionId = isSection(section) ? section : "providers";
  const def = SECTIONS.find((s) => s.id === id)!;
  useEffect(() => ui.setState({ settingsSection: id }), [ui, id]);

  let body;
  if (NEEDS_SETTINGS.includes(id) && !settings.data) {
    body = settings.error ? (
      <p className="form-error" role="alert" data-testid="settings-error">
        {(settings.error as BackendError).message}
      </p>
    ) : (
      <p className="muted">Loading…</p>
    );
  } else if (id === "providers") body = <ProvidersSection s={settings.data!} />;
  else if (id === "endpoints") body = <EndpointsSection s={settings.data!} />;
  else if (id === "limits") body = <LimitsSection s={settings.data!} />;
  else if (id === "budgets") body = <BudgetsSection s={settings.data!} />;
  else if (id === "defaults") body = <DefaultsSection />;
  else if (id === "appearance") body = <Appearance />;
  else if (id === "keyboard") body = <KeyboardSection />;
  else body = <DataSection />;

  return (
    <section aria-labelledby="settings-section-title" data-testid={`settings-${id}`}>
      <header className="section-head">
        <h2 id="settings-section-title">{def.label}</h2>
        <p className="muted small">{def.hint}</p>
      </header>
      {body}
    </section>
  );
}
