// Everything the views share, made once per app (or per test) from one Backend: the query cache,
// the run store, the preferences and the composer's text. Handed down by context, so a test can
// give each render its own fake backend.
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createContext, useContext, type ReactNode } from "react";
import { useStore } from "zustand";
import { createStore, type StoreApi } from "zustand/vanilla";

import type { Backend, BackendError } from "../backend";
import { createRunStore, type RunStore, type RunStoreState, type Schedule } from "../run/runStore";
import { createPrefsStore, type PrefsState, type PrefsStore } from "./prefs";
import { qk } from "./queryKeys";

export interface ComposeState {
  prompt: string;
  followUp: string;
}

/** The overlays the shell owns; commands open them from anywhere. */
export interface UiState {
  palette: boolean;
  cheatsheet: boolean;
  /** Where Settings opens: the section last shown. */
  settingsSection: string;
  /**
   * The catalog Compare's picker shows (a `sourceKey`); null until one is chosen, when it
   * follows the first pick. Here, not in the picker, so the first-run screen can open Compare
   * on the catalog it just set up.
   */
  pickerSource: string | null;
  /**
   * The message of the last `database_damaged` error any read or write met (the history opened
   * but a page of it is damaged): the banner offers recovery. Null once recovered.
   */
  damaged: string | null;
}

export interface Services {
  backend: Backend;
  queryClient: QueryClient;
  run: RunStore;
  prefs: PrefsStore;
  compose: StoreApi<ComposeState>;
  ui: StoreApi<UiState>;
}

export function createServices(backend: Backend, options: { schedule?: Schedule; legacyStorage?: Storage | null } = {}): Services {
  const ui = createStore<UiState>(() => ({ palette: false, cheatsheet: false, settingsSection: "providers", pickerSource: null, damaged: null }));
  // Decided on the typed code, wherever in the app the damaged page was met.
  const noteDamage = (e: unknown) => {
    const err = e as Partial<BackendError> | null;
    if (err?.code === "database_damaged" && typeof err.message === "string") ui.setState({ damaged: err.message });
  };
  const queryClient = new QueryClient({
    queryCache: new QueryCache({ onError: noteDamage }),
    mutationCache: new MutationCache({ onError: noteDamage }),
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 },
    },
  });
  const run = createRunStore(backend, options.schedule);
  // A finished run is in History now, today's spend changed, and so did your own figures
  // (Analytics, and Prices' "your numbers" beside each model).
  run.subscribe((s, prev) => {
    if (s.finished && !prev.finished) {
      void queryClient.invalidateQueries({ queryKey: qk.history });
      void queryClient.invalidateQueries({ queryKey: qk.insights });
      void queryClient.invalidateQueries({ queryKey: qk.yourNumbers });
      void queryClient.invalidateQueries({ queryKey: qk.settings });
      void queryClient.invalidateQueries({ queryKey: qk.dataInfo });
      if (s.comparison) void queryClient.invalidateQueries({ queryKey: qk.comparison(s.comparison.id) });
    }
  });
  return {
    backend,
    queryClient,
    run,
    prefs: createPrefsStore(backend.prefs, options.legacyStorage ?? null),
    compose: createStore<ComposeState>(() => ({ prompt: "", followUp: "" })),
    ui,
  };
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return (
    <ServicesContext.Provider value={services}>
      <QueryClientProvider client={services.queryClient}>{children}</QueryClientProvider>
    </ServicesContext.Provider>
  );
}

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error("useServices outside ServicesProvider");
  return s;
}

export const useBackend = () => useServices().backend;

export function usePrefs<T>(select: (s: PrefsState) => T): T {
  return useStore(useServices().prefs, select);
}

export function useRun<T>(select: (s: RunStoreState) => T): T {
  return useStore(useServices().run, select);
}

export function useUi<T>(select: (s: UiState) => T): T {
  return useStore(useServices().ui, select);
}

export function useCompose<T>(select: (s: ComposeState) => T): T {
  return useStore(useServices().compose, select);
}
