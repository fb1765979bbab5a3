// Everything the palette can do, and the handlers of the global shortcuts (a command whose id is
// a ShortcutId is that shortcut's handler), so the two never disagree.
import { useNavigate } from "@tanstack/react-router";
import { Keyboard, Monitor, Moon, PanelLeft, Rocket, SquarePen, Square, Sun, TextCursorInput, type LucideIcon } from "lucide-react";
import { useMemo } from "react";

import { emptyRun } from "../compareState";
import { isRunning } from "../run/runStore";
import { shortcut, type ShortcutId } from "../shortcuts";
import { draftStoreOf, replaceFiles } from "../views/compare/compose/draftStore";
import { unfoldComposer } from "../views/compare/watch/readingStore";
import { SECTIONS } from "../views/settings/sections";
import { VIEWS } from "./nav";
import { useRun, useServices } from "./services";
import type { Theme } from "./prefs";
import { toggledTheme } from "./theme";

export interface Command {
  id: string;
  label: string;
  group: "Views" | "Actions" | "Settings" | "Saved";
  icon: LucideIcon;
  keys?: string;
  hint?: string;
  run: () => void;
}

/**
 * Focuses the current view's main field (the prompt, a search box), if it has one; a folded
 * composer (Compare while answers are read) unfolds first.
 */
export function focusViewInput() {
  if (document.querySelector("[data-unfold]")) {
    unfoldComposer();
    setTimeout(() => document.querySelector<HTMLElement>("[data-focus-target]")?.focus(), 0);
    return true;
  }
  const el = document.querySelector<HTMLElement>("[data-focus-target]");
  el?.focus();
  return el !== null;
}

export function useCommands(): Command[] {
  const services = useServices();
  const navigate = useNavigate();
  const running = useRun(isRunning);

  return useMemo(() => {
    const { prefs, run, compose, ui } = services;
    const keysOf = (id: ShortcutId) => shortcut(id).keys;
    const setTheme = (t: Theme) => prefs.set("theme", t);
    const views: Command[] = VIEWS.map((v) => ({
      id: v.shortcut,
      label: `Go to ${v.label}`,
      group: "Views",
      icon: v.icon,
      keys: keysOf(v.shortcut),
      hint: v.hint,
      run: () => void navigate({ to: v.to }),
    }));
    const welcome: Command = {
      id: "getting-started",
      label: "Getting started",
      group: "Views",
      icon: Rocket,
      hint: "Try the demo models, paste a key or use a local model server",
      run: () => void navigate({ to: "/welcome" }),
    };
    const actions: Command[] = [
      {
        id: "new-comparison",
        label: "New comparison",
        group: "Actions",
        icon: SquarePen,
        keys: keysOf("new-comparison"),
        hint: "An empty prompt and no attached files; the picked models stay",
        run: () => {
          compose.setState({ prompt: "", followUp: "" });
          replaceFiles(draftStoreOf(services));
          if (!isRunning(run.getState())) run.show(emptyRun);
          unfoldComposer();
          void navigate({ to: "/compare" }).then(() => setTimeout(focusViewInput, 0));
        },
      },
      ...(running
        ? [{ id: "stop-run", label: "Stop the running comparison", group: "Actions" as const, icon: Square, keys: keysOf("stop-run"), run: () => void run.cancel() }]
        : []),
      {
        id: "focus-input",
        label: "Focus the prompt",
        group: "Actions",
        icon: TextCursorInput,
        keys: keysOf("focus-input"),
        hint: "Or the search field of the view you are on",
        run: () => {
          if (!focusViewInput()) void navigate({ to: "/compare" }).then(() => setTimeout(focusViewInput, 0));
        },
      },
      { id: "toggle-theme", label: "Toggle light / dark theme", group: "Actions", icon: Moon, keys: keysOf("toggle-theme"), run: () => setTheme(toggledTheme(prefs.getState().theme)) },
      { id: "theme-light", label: "Theme: light", group: "Actions", icon: Sun, run: () => setTheme("light") },
      { id: "theme-dark", label: "Theme: dark", group: "Actions", icon: Moon, run: () => setTheme("dark") },
      { id: "theme-system", label: "Theme: follow the system", group: "Actions", icon: Monitor, run: () => setTheme("system") },
      { id: "toggle-sidebar", label: "Collapse or expand the sidebar", group: "Actions", icon: PanelLeft, keys: keysOf("toggle-sidebar"), run: () => prefs.set("sidebarCollapsed", !prefs.getState().sidebarCollapsed) },
      { id: "cheatsheet", label: "Keyboard shortcuts", group: "Actions", icon: Keyboard, keys: keysOf("cheatsheet"), run: () => ui.setState({ cheatsheet: true, palette: false }) },
    ];
    const settings: Command[] = SECTIONS.map((s) => ({
      id: `settings-${s.id}`,
      label: `Settings: ${s.label}`,
      group: "Settings",
      icon: s.icon,
      hint: s.hint,
      run: () => void navigate({ to: "/settings/$section", params: { section: s.id } }),
    }));
    return [...views, welcome, ...actions, ...settings];
  }, [services, navigate, running]);
}
