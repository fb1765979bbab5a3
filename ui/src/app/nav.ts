import { ChartNoAxesColumn, CircleDollarSign, Columns3, History, Settings, type LucideIcon } from "lucide-react";

import type { ShortcutId } from "../shortcuts";

export interface ViewDef {
  id: "compare" | "prices" | "history" | "analytics" | "settings";
  label: string;
  to: "/compare" | "/prices" | "/history" | "/analytics" | "/settings";
  icon: LucideIcon;
  shortcut: ShortcutId;
  /** What it is for, in the palette. */
  hint: string;
}

/** The rooms, in sidebar order (Ctrl+1…5 follow it). */
export const VIEWS: readonly ViewDef[] = [
  { id: "compare", label: "Compare", to: "/compare", icon: Columns3, shortcut: "go-compare", hint: "One prompt, many models, side by side" },
  { id: "prices", label: "Prices", to: "/prices", icon: CircleDollarSign, shortcut: "go-prices", hint: "Every model's price, per provider" },
  { id: "history", label: "History", to: "/history", icon: History, shortcut: "go-history", hint: "Every comparison you ran, searchable" },
  { id: "analytics", label: "Analytics", to: "/analytics", icon: ChartNoAxesColumn, shortcut: "go-analytics", hint: "Spend, latency, errors, leaderboard" },
  { id: "settings", label: "Settings", to: "/settings", icon: Settings, shortcut: "go-settings", hint: "Providers, keys, endpoints, budgets, appearance" },
];
