// The house: the sidebar, the room the URL names, the overlays (palette, cheat sheet, toasts),
// the global shortcuts and the theme.
import { Outlet, useNavigate, useRouterState } from "@tanstack/react-router";
import { useEffect, useRef, useSyncExternalStore } from "react";

import { Toaster, toast, TooltipProvider } from "../kit";
import type { ShortcutId } from "../shortcuts";
import { CheatSheet } from "./CheatSheet";
import { focusViewInput, useCommands } from "./commands";
import { DatabaseBanner } from "./DatabaseBanner";
import { Palette } from "./Palette";
import { useOthersWrites } from "./queries";
import { usePrefs, useServices } from "./services";
import { guardFileDrops } from "./fileDrops";
import { Sidebar } from "./Sidebar";
import { applyTheme, systemPrefersDark, watchSystemTheme } from "./theme";
import { useShortcuts } from "./useShortcuts";

/** Keeps <html data-theme> on the chosen theme, following the system live when asked to. */
function useTheme(): "light" | "dark" {
  const theme = usePrefs((s) => s.theme);
  const systemDark = useSyncExternalStore(watchSystemTheme, systemPrefersDark);
  useEffect(() => {
    applyTheme(theme);
  }, [theme, systemDark]);
  return theme === "system" ? (systemDark ? "dark" : "light") : theme;
}

/**
 * A run that ends while the person is elsewhere says so, with a way back to it. A component of
 * its own: it follows the path, and the shell (sidebar, overlays) need not re-render on every
 * view switch.
 */
function RunFinishedToast() {
  const { run } = useServices();
  const navigate = useNavigate();
  const path = useRouterState({ select: (s) => s.location.pathname });
  const where = useRef(path);
  useEffect(() => {
    where.current = path;
  }, [path]);
  useEffect(
    () =>
      run.subscribe((s, prev) => {
        if (!s.finished || prev.finished || !s.comparison || where.current.startsWith("/compare")) return;
        const failed = s.slots.filter((x) => x.status === "failed").length;
        toast(`Comparison finished: ${s.comparison.title}`, {
          description: `${s.slots.length} answer${s.slots.length === 1 ? "" : "s"}${failed ? `, ${failed} failed` : ""}.`,
          action: { label: "Open", onClick: () => void navigate({ to: "/compare" }) },
        });
      }),
    [run, navigate],
  );
  return null;
}

/** Tells the backend once that the house is interactive: the frame after its first paint. */
function useReadySignal() {
  const { backend } = useServices();
  useEffect(() => {
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => void backend.appReady().catch(() => {}));
    });
    return () => cancelAnimationFrame(frame);
  }, [backend]);
}

export function Shell() {
  const { ui } = useServices();
  const theme = useTheme();
  const commands = useCommands();
  useReadySignal();
  useOthersWrites();
  useEffect(() => guardFileDrops(window), []);

  const handlers: Partial<Record<ShortcutId, () => void>> = {
    palette: () => ui.setState((s) => ({ palette: !s.palette, cheatsheet: false })),
    cheatsheet: () => ui.setState({ cheatsheet: true, palette: false }),
    "focus-input": () => void focusViewInput(),
  };
  for (const c of commands) {
    if (c.id in handlers) continue;
    handlers[c.id as ShortcutId] = () => {
      ui.setState({ palette: false, cheatsheet: false });
      c.run();
    };
  }
  useShortcuts(handlers);

  return (
    <TooltipProvider delay={400}>
      <div className="shell">
        <Sidebar />
        <div className="shell-main">
          <DatabaseBanner />
          <main className="room">
            <Outlet />
          </main>
        </div>
      </div>
      <RunFinishedToast />
      <Palette />
      <CheatSheet />
      <Toaster theme={theme} />
    </TooltipProvider>
  );
}
