// Settings: a list of sections beside the one the URL names (/settings/$section), and the way
// back to the first-run screen.
import { Link, Outlet } from "@tanstack/react-router";
import { Rocket } from "lucide-react";

import { SECTIONS } from "./sections";

export function SettingsView() {
  return (
    <div className="settings-room">
      <nav className="settings-nav" aria-label="Settings sections">
        <h1 className="settings-heading">Settings</h1>
        {SECTIONS.map((s) => (
          <Link
            key={s.id}
            to="/settings/$section"
            params={{ section: s.id }}
            className="settings-nav-item"
            activeProps={{ className: "settings-nav-item active", "aria-current": "page" }}
            data-testid={`settings-section-${s.id}`}
            title={s.label}
          >
            <s.icon size={16} aria-hidden />
            <span className="settings-nav-label">{s.label}</span>
          </Link>
        ))}
        <Link to="/welcome" className="settings-nav-item settings-nav-welcome" data-testid="settings-getting-started" title="Getting started: the demo models, a key, a local model server">
          <Rocket size={16} aria-hidden />
          <span className="settings-nav-label">Getting started</span>
        </Link>
      </nav>
      <div className="settings" data-testid="settings">
        <Outlet />
      </div>
    </div>
  );
}
