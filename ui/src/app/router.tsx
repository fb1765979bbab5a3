// The house's rooms and their URLs. Hash history: the app is served from a custom protocol
// (tauri://), where only the part after # is ours, and a hash URL survives a reload. Each view's
// state that is worth a back button lives in its URL (search text, filters, the open comparison,
// the settings section).
import {
  createHashHistory,
  createRootRouteWithContext,
  createRoute,
  createRouter,
  redirect,
  type RouterHistory,
} from "@tanstack/react-router";

import type { SlotStatus } from "../backend";
import { AnalyticsView } from "../views/analytics/AnalyticsView";
import { CompareView } from "../views/compare/CompareView";
import { HistoryDetail, HistoryNothingOpen } from "../views/history/HistoryDetail";
import { HistoryView } from "../views/history/HistoryView";
import { PricesView } from "../views/prices/PricesView";
import { isSection, SettingsSectionView } from "../views/settings/SettingsSection";
import { SettingsView } from "../views/settings/SettingsView";
import { WelcomeView } from "../views/welcome/WelcomeView";
import { NotFound } from "./NotFound";
import type { Services } from "./services";
import { Shell } from "./Shell";

const STATUSES: SlotStatus[] = ["pending", "streaming", "done", "refused", "truncated", "failed", "cancelled", "interrupted"];

const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v : undefined);
const slotOf = (v: unknown) => {
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
};

export interface HistorySearch {
  q?: string | undefined;
  status?: SlotStatus | undefined;
  model?: string | undefined;
}
export interface SlotSearch {
  slot?: number | undefined;
}
export interface PricesSearch {
  q?: string | undefined;
  source?: string | undefined;
  free?: boolean | undefined;
}

const rootRoute = createRootRouteWithContext<{ services: Services }>()({
  component: Shell,
  notFoundComponent: NotFound,
});

const indexRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/",
  beforeLoad: () => {
    throw redirect({ to: "/compare" });
  },
});

const compareRoute = createRoute({ getParentRoute: () => rootRoute, path: "/compare", component: CompareView });

const comparisonRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/compare/$comparisonId",
  validateSearch: (s: Record<string, unknown>): SlotSearch => ({ slot: slotOf(s.slot) }),
  component: CompareView,
});

const pricesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/prices",
  validateSearch: (s: Record<string, unknown>): PricesSearch => ({
    q: text(s.q),
    source: text(s.source),
    free: s.free === true || s.free === "true" ? true : undefined,
  }),
  component: PricesView,
});

const historyRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/history",
  validateSearch: (s: Record<string, unknown>): HistorySearch => ({
    q: text(s.q),
    status: STATUSES.includes(s.status as SlotStatus) ? (s.status as SlotStatus) : undefined,
    model: text(s.model),
  }),
  component: HistoryView,
});

const historyIndexRoute = createRoute({ getParentRoute: () => historyRoute, path: "/", component: HistoryNothingOpen });

const historyItemRoute = createRoute({
  getParentRoute: () => historyRoute,
  path: "$comparisonId",
  validateSearch: (s: Record<string, unknown>): SlotSearch => ({ slot: slotOf(s.slot) }),
  component: HistoryDetail,
});

// The first-run screen, reachable at any time (Settings, the palette: "Getting started").
const welcomeRoute = createRoute({ getParentRoute: () => rootRoute, path: "/welcome", component: WelcomeView });

const analyticsRoute = createRoute({ getParentRoute: () => rootRoute, path: "/analytics", component: AnalyticsView });

const settingsRoute = createRoute({ getParentRoute: () => rootRoute, path: "/settings", component: SettingsView });

const settingsIndexRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/",
  // Settings opens where the person last was in it.
  beforeLoad: ({ context }) => {
    throw redirect({ to: "/settings/$section", params: { section: context.services.ui.getState().settingsSection } });
  },
});

const settingsSectionRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "$section",
  beforeLoad: ({ params }) => {
    if (!isSection(params.section)) throw redirect({ to: "/settings/$section", params: { section: "providers" } });
  },
  component: SettingsSectionView,
});

const routeTree = rootRoute.addChildren([
  indexRoute,
  compareRoute,
  comparisonRoute,
  pricesRoute,
  historyRoute.addChildren([historyIndexRoute, historyItemRoute]),
  analyticsRoute,
  welcomeRoute,
  settingsRoute.addChildren([settingsIndexRoute, settingsSectionRoute]),
]);

export function createAppRouter(services: Services, history: RouterHistory = createHashHistory()) {
  return createRouter({
    routeTree,
    history,
    context: { services },
    defaultPreload: false,
    // Scroll positions are the views' own (their panes scroll, not the window).
    scrollRestoration: false,
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module "@tanstack/react-router" {
  interface Register {
    router: AppRouter;
  }
}
