import { Link } from "@tanstack/react-router";
import { useSyncExternalStore } from "react";
import { Monitor, Moon, PanelLeftClose, PanelLeftOpen, Search, Sun } from "lucide-react";

import { Button, cx, IconButton, Kbd, Menu, MenuLabel, MenuRadioGroup, MenuRadioItem, Tooltip } from "../kit";
import { isRunning } from "../run/runStore";
import { shortcut } from "../shortcuts";
import { VIEWS } from "./nav";
import type { Theme } from "./prefs";
import { useAppInfo } from "./queries";
import { usePrefs, useRun, useServices } from "./services";

const NARROW = "(max-width: 960px)";
const isNarrow = () => typeof window !== "undefined" && !!window.matchMedia?.(NARROW).matches;
function watchNarrow(onChange: () => void) {
  const q = window.matchMedia?.(NARROW);
  q?.addEventListener("change", onChange);
  return () => q?.removeEventListener("change", onChange);
}

const THEME_ICON = { light: Sun, dark: Moon, system: Monitor } as const;
const THEME_LABEL = { light: "Light", dark: "Dark", system: "System" } as const;

/** The rooms, the palette, the theme and the collapse toggle; collapsed it keeps icons with tooltips. */
export function Sidebar() {
  const { prefs, ui } = useServices();
  const chosen = usePrefs((s) => s.sidebarCollapsed);
  // A narrow window keeps the room's width: icons only, whatever was chosen.
  const narrow = useSyncExternalStore(watchNarrow, isNarrow);
  const collapsed = chosen || narrow;
  const theme = usePrefs((s) => s.theme);
  const running = useRun(isRunning);
  const info = useAppInfo();
  const ThemeIcon = THEME_ICON[theme];
  const toggleKeys = shortcut("toggle-sidebar").keys;

  return (
    <nav className={cx("sidebar", collapsed && "collapsed")} aria-label="Views" data-testid="sidebar" data-collapsed={chosen} data-narrow={narrow || undefined}>
      <div className="brand">
        <span className="logo" aria-hidden="true" />
        <span className="brand-name">Parallax</span>
      </div>
      <Tooltip content={<>Command palette <Kbd keys={shortcut("palette").keys} /></>} side="right" enabled={collapsed}>
        <button type="button" className="search-trigger" onClick={() => ui.setState({ palette: true })} data-testid="open-palette" aria-label="Command palette">
          <Search size={15} aria-hidden />
          <span className="nav-label">Search…</span>
          <Kbd keys={shortcut("palette").keys} className="nav-label" />
        </button>
      </Tooltip>
      <ul className="nav-list">
        {VIEWS.map((v) => (
          <li key={v.id}>
            <Tooltip content={<>{v.label} <Kbd keys={shortcut(v.shortcut).keys} /></>} side="right" enabled={collapsed}>
              <Link
                to={v.to}
                className="nav-item"
                activeProps={{ className: "nav-item active", "aria-current": "page" }}
                data-testid={`tab-${v.id}`}
                aria-label={collapsed ? v.label : undefined}
              >
                <v.icon size={17} aria-hidden className="nav-icon" />
                <span className="nav-label">{v.label}</span>
                {v.id === "compare" && running && <span className="live-dot" role="status" aria-label="A comparison is running" data-testid="running-indicator" />}
              </Link>
            </Tooltip>
          </li>
        ))}
      </ul>
      <div className="sidebar-foot">
        <Menu
          side="right"
          align="end"
          trigger={
            <Button variant="ghost" className="nav-item theme-trigger" aria-label={`Theme: ${THEME_LABEL[theme]}`} data-testid="theme-menu">
              <ThemeIcon size={17} aria-hidden className="nav-icon" />
              <span className="nav-label">Theme: {THEME_LABEL[theme]}</span>
            </Button>
          }
        >
          <MenuLabel>Theme</MenuLabel>
          <MenuRadioGroup<Theme> value={theme} onChange={(t) => prefs.set("theme", t)}>
            {(["light", "dark", "system"] as const).map((t) => (
              <MenuRadioItem key={t} value={t} testId={`theme-${t}`}>
                {THEME_LABEL[t]}
              </MenuRadioItem>
            ))}
          </MenuRadioGroup>
        </Menu>
        <div className="sidebar-row">
          {!narrow && <IconButton
            label={collapsed ? `Expand the sidebar (${toggleKeys.replace("Mod", "Ctrl")})` : `Collapse the sidebar (${toggleKeys.replace("Mod", "Ctrl")})`}
            icon={collapsed ? <PanelLeftOpen size={17} aria-hidden /> : <PanelLeftClose size={17} aria-hidden />}
            tooltipSide="right"
            onClick={() => prefs.set("sidebarCollapsed", !collapsed)}
            data-testid="toggle-sidebar"
            aria-expanded={!collapsed}
          />}
          {info.data && (
            <span className="version nav-label num" data-testid="app-version">
              v{info.data.version}
            </span>
          )}
        </div>
      </div>
    </nav>
  );
}
