// The person's preferences, read once at start from the backend's PrefsStorage
// (preferences.json in the app) and written back key by key as they change. A zustand store, so
// the sidebar, the theme and Compare's picked models read them without prop chains.
import { createStore, type StoreApi } from "zustand/vanilla";

import type { PrefsStorage } from "../backend";
import { NO_DEFAULTS, parseDefaults, type DefaultParams } from "../params";
import { parseStoredPicks, type Pick } from "../targets";

export type Theme = "light" | "dark" | "system";

export interface Sort {
  by: string;
  desc: boolean;
}

export interface Preferences {
  theme: Theme;
  sidebarCollapsed: boolean;
  /** Compare's picked models, in column order. */
  picks: Pick[];
  /** Resizable layouts by id (percent per panel id). */
  layouts: Record<string, Record<string, number>>;
  /** Table sorts by table id. */
  sorts: Record<string, Sort>;
  /** Parameters every new comparison starts with (Settings → Defaults). */
  defaultParams: DefaultParams;
  /** The first-run screen was hidden from Compare (it stays at /welcome, Settings and the palette). */
  welcomeDismissed: boolean;
  // -- Compare's picker (issue 11): starred models by `pickLabel`, and the models last sent to.
  favourites: string[];
  recentPicks: Pick[];
  // -- Compare's answers (issue 11, views/compare/watch): columns, a grid of two rows, or tabs.
  answersLayout: AnswersLayout;
  /** Fold the prompt box to one line while answers are shown (watch/readingStore). */
  foldComposer: boolean;
  /** Scrolling one answer scrolls the others to the same place (watch/scrollTogether). */
  scrollTogether: boolean;
  /** The Prices table's columns, in order (views/prices/columns.ts); null: the defaults. */
  priceColumns: string[] | null;
}

export type AnswersLayout = "columns" | "grid" | "tabs";

export const DEFAULT_PREFS: Preferences = { theme: "system", sidebarCollapsed: false, picks: [], layouts: {}, sorts: {}, defaultParams: NO_DEFAULTS, welcomeDismissed: false, favourites: [], recentPicks: [], answersLayout: "columns", foldComposer: true, scrollTogether: false, priceColumns: null };

/** Where the first versions kept the picked models; read once and moved into preferences. */
export const LEGACY_PICKS_KEY = "parallax.selectedModels";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads saved preferences, keeping only values of the right shape (a hand-edited file is not trusted). */
export function parsePrefs(raw: Record<string, unknown>): Preferences {
  const p = { ...DEFAULT_PREFS };
  if (raw.theme === "light" || raw.theme === "dark" || raw.theme === "system") p.theme = raw.theme;
  if (typeof raw.sidebarCollapsed === "boolean") p.sidebarCollapsed = raw.sidebarCollapsed;
  if (typeof raw.welcomeDismissed === "boolean") p.welcomeDismissed = raw.welcomeDismissed;
  if (typeof raw.foldComposer === "boolean") p.foldComposer = raw.foldComposer;
  if (typeof raw.scrollTogether === "boolean") p.scrollTogether = raw.scrollTogether;
  if (Array.isArray(raw.priceColumns) && raw.priceColumns.every((c) => typeof c === "string")) p.priceColumns = raw.priceColumns as string[];
  if (Array.isArray(raw.picks)) p.picks = parseStoredPicks(JSON.stringify(raw.picks));
  if (isRecord(raw.layouts)) {
    p.layouts = Object.fromEntries(
      Object.entries(raw.layouts).filter(
        (e): e is [string, Record<string, number>] => isRecord(e[1]) && Object.values(e[1]).every((n) => typeof n === "number"),
      ),
    );
  }
  if (isRecord(raw.sorts)) {
    p.sorts = Object.fromEntries(
      Object.entries(raw.sorts).filter((e): e is [string, Sort] => isRecord(e[1]) && typeof e[1].by === "string" && typeof e[1].desc === "boolean"),
    );
  }
  if ("defaultParams" in raw) p.defaultParams = parseDefaults(raw.defaultParams);
  // -- Compare's answers (issue 11)
  if (raw.answersLayout === "columns" || raw.answersLayout === "grid" || raw.answersLayout === "tabs") p.answersLayout = raw.answersLayout;
  // -- Compare's picker (issue 11)
  if (Array.isArray(raw.favourites)) p.favourites = raw.favourites.filter((x): x is string => typeof x === "string").slice(0, 500);
  if (Array.isArray(raw.recentPicks)) p.recentPicks = parseStoredPicks(JSON.stringify(raw.recentPicks)).slice(0, 12);
  return p;
}

export interface PrefsState extends Preferences {
  loaded: boolean;
  /** The last save that failed, said in Settings → Appearance. */
  saveError: string | null;
}

export type PrefsStore = StoreApi<PrefsState> & {
  /** Loads the saved preferences (once, before the first render, so the theme does not flash). */
  hydrate(): Promise<void>;
  /** Changes one preference now and saves it. */
  set<K extends keyof Preferences>(key: K, value: Preferences[K]): void;
};

export function createPrefsStore(storage: PrefsStorage, legacy: Storage | null = null): PrefsStore {
  const store = createStore<PrefsState>(() => ({ ...DEFAULT_PREFS, loaded: false, saveError: null }));
  const save = (key: string, value: unknown) =>
    storage.set(key, value).then(
      () => store.getState().saveError && store.setState({ saveError: null }),
      (e: unknown) => store.setState({ saveError: `Preferences could not be saved: ${e instanceof Error ? e.message : String(e)}` }),
    );
  return Object.assign(store, {
    async hydrate() {
      let raw: Record<string, unknown> = {};
      try {
        raw = await storage.load();
      } catch (e) {
        store.setState({ saveError: `Preferences could not be read: ${e instanceof Error ? e.message : String(e)}` });
      }
      const prefs = parsePrefs(raw);
      const old = legacy?.getItem(LEGACY_PICKS_KEY) ?? null;
      if (!("picks" in raw) && old !== null) {
        prefs.picks = parseStoredPicks(old);
        void save("picks", prefs.picks).then(() => legacy?.removeItem(LEGACY_PICKS_KEY));
      }
      store.setState({ ...prefs, loaded: true });
    },
    set<K extends keyof Preferences>(key: K, value: Preferences[K]) {
      store.setState({ [key]: value } as Partial<PrefsState>);
      void save(key, value);
    },
  });
}
