import { Database, Gauge, KeyRound, Keyboard, Palette, Server, SlidersHorizontal, Wallet, type LucideIcon } from "lucide-react";

export type SectionId = "providers" | "endpoints" | "defaults" | "limits" | "budgets" | "appearance" | "keyboard" | "data";

export interface SectionDef {
  id: SectionId;
  label: string;
  icon: LucideIcon;
  hint: string;
}

/** Settings' sections, in their order; `/settings/$section` names one. */
export const SECTIONS: readonly SectionDef[] = [
  { id: "providers", label: "Providers & keys", icon: KeyRound, hint: "Enable providers, base URLs, API keys, test a connection and see the key's credit" },
  { id: "endpoints", label: "Custom endpoints", icon: Server, hint: "LM Studio, llama.cpp, vLLM, Groq… any OpenAI-compatible server" },
  { id: "defaults", label: "Defaults", icon: SlidersHorizontal, hint: "Parameters for new comparisons (temperature, max tokens…), aliases and model sets" },
  { id: "limits", label: "Limits & timeouts", icon: Gauge, hint: "Requests at once, per provider and in all; stall timeout and deadline" },
  { id: "budgets", label: "Budgets & cache", icon: Wallet, hint: "Spending caps per comparison and per day; the answer cache" },
  { id: "appearance", label: "Appearance", icon: Palette, hint: "Light, dark or system theme; the sidebar; how the window is drawn" },
  { id: "keyboard", label: "Keyboard", icon: Keyboard, hint: "Every shortcut" },
  { id: "data", label: "Data", icon: Database, hint: "Where the history lives, its size; back up, export, import, clear" },
];

export const isSection = (s: string): s is SectionId => SECTIONS.some((x) => x.id === s);
