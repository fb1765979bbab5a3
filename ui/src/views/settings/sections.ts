import { Database, KeyRound, Keyboard, Palette, Server, Wallet, type LucideIcon } from "lucide-react";

export type SectionId = "providers" | "endpoints" | "budgets" | "appearance" | "keyboard" | "data";

export interface SectionDef {
  id: SectionId;
  label: string;
  icon: LucideIcon;
  hint: string;
}

/** Settings' sections, in their order; `/settings/$section` names one. */
export const SECTIONS: readonly SectionDef[] = [
  { id: "providers", label: "Providers & keys", icon: KeyRound, hint: "Base URLs and API keys of OpenRouter, OpenAI, Anthropic, Gemini, Ollama" },
  { id: "endpoints", label: "Custom endpoints", icon: Server, hint: "LM Studio, llama.cpp, vLLM, Groq… any OpenAI-compatible server" },
  { id: "budgets", label: "Budgets & cache", icon: Wallet, hint: "Spending caps per comparison and per day; the answer cache" },
  { id: "appearance", label: "Appearance", icon: Palette, hint: "Light, dark or system theme; the sidebar" },
  { id: "keyboard", label: "Keyboard", icon: Keyboard, hint: "Every shortcut" },
  { id: "data", label: "Data", icon: Database, hint: "Where the history database lives" },
];

export const isSection = (s: string): s is SectionId => SECTIONS.some((x) => x.id === s);
