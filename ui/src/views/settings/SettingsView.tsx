// Settings: a list of sections beside the one the URL names (/settings/$section).
import { Link, Outlet } from "@tanstack/react-router";

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
      </nav>
      <div className="settings" data-testid="settings">
        <Outlet />
      </div>
    </div>
  );
}
