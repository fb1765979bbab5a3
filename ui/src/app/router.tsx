// The house's rooms and their URLs. Hash history: the app is served from a custom protocol
// (tauri://), where only the part after # is ours, and a hash URL survives a reload. Each view's
// state that is worth a back button lives in its URL (search text, filters, the open comparison,
// the settings section).
import {
  createHashHistory,
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  redirect,
  type RouterHistory,
} from "@tanstack/react-router";

import { CompareView } from "../views/compare/CompareView";
import { filterOfAnalytics, parseAnalyticsSearch } from "../views/analytics/search";
import { parseHistorySearch } from "../views/history/search";
import { parsePricesSearch } from "../views/prices/search";
import { isSection } from "../views/settings/sections";
import { NotFound } from "./NotFound";
import { analyticsQuery, comparisonQuery, runsQuery } from "./queries";
import type { Services } from "./services";
import { Shell } from "./Shell";

// Compare is where the app opens, so it is in the first bundle; every other room's code is loaded
// when it is first opened (or a link to it is hovered: `defaultPreload: "intent"`), so a start
// parses and keeps only what the first screen needs (BENCHMARKS.md, "The app in its WebKit window").
const PricesView = lazyRouteComponent(() => import("../views/prices/PricesView"), "PricesView");
const HistoryView = lazyRouteComponent(() => import("../views/history/HistoryView"), "HistoryView");
const HistoryDetail = lazyRouteComponent(() => import("../views/history/HistoryDetail"), "HistoryDetail");
const HistoryNothingOpen = lazyRouteComponent(() => import("../views/history/HistoryDetail"), "HistoryNothingOpen");
const AnalyticsView = lazyRouteComponent(() => import("../views/analytics/AnalyticsView"), "AnalyticsView");
const WelcomeView = lazyRouteComponent(() => import("../views/welcome/WelcomeView"), "WelcomeView");
const SettingsView = lazyRouteComponent(() => import("../views/settings/SettingsView"), "SettingsView");
const SettingsSectionView = lazyRouteComponent(() => import("../views/settings/SettingsSection"), "SettingsSectionView");

/**
 * A route that shows a saved comparison reads it before it is drawn: on a hover or focus of a
 * link to it (`defaultPreload: "intent"`), else on the click. The view then draws it whole in one
 * go, where it drew "Loading…" and then everything a frame or more later (BENCHMARKS.md, "A
 * run's end in turns, and opening a comparison"). A read slower than READ_WAIT_MS (a very large comparison) lets the view show its
 * own loading state meanwhile. Never throws: a comparison that cannot be read is the view's error.
 */
const readComparison = ({ context, params }: { context: { services: Services }; params: { comparisonId: string } }) =>
  readAhead(context.services.queryClient.prefetchQuery(comparisonQuery(context.services.backend, params.comparisonId)));
/** History shows the runs of the comparison's prompt above its answers: read together with it. */
const readHistoryComparison = ({ context, params }: { context: { services: Services }; params: { comparisonId: string } }) => {
  const { queryClient, backend } = context.services;
  return readAhead(Promise.all([queryClient.prefetchQuery(comparisonQuery(backend, params.comparisonId)), queryClient.prefetchQuery(runsQuery(backend, params.comparisonId))]));
};
async function readAhead(read: Promise<unknown>) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([read, new Promise((done) => (timer = setTimeout(done, READ_WAIT_MS)))]);
  clearTimeout(timer);
}
const READ_WAIT_MS = 150;

const slotOf = (v: unknown) => {
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
};

export type { HistorySearch } from "../views/history/search";
export interface SlotSearch {
  slot?: number | undefined;
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
  loader: readComparison,
  component: CompareView,
});

const pricesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/prices",
  validateSearch: parsePricesSearch,
  component: PricesView,
});

const historyRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/history",
  validateSearch: parseHistorySearch,
  component: HistoryView,
});

const historyIndexRoute = createRoute({ getParentRoute: () => historyRoute, path: "/", component: HistoryNothingOpen });

const historyItemRoute = createRoute({
  getParentRoute: () => historyRoute,
  path: "$comparisonId",
  validateSearch: (s: Record<string, unknown>): SlotSearch => ({ slot: slotOf(s.slot) }),
  loader: readHistoryComparison,
  component: HistoryDetail,
});

// The first-run screen, reachable at any time (Settings, the palette: "Getting started").
const welcomeRoute = createRoute({ getParentRoute: () => rootRoute, path: "/welcome", component: WelcomeView });

// The figures are read as the room is opened, while its code loads (not after: on two cores the
// read and the chunk's parse then overlap instead of adding up), or when a link to it is hovered
// (`defaultPreload: "intent"`). Not awaited: the room shows its own "Reading your history…" and
// picks the same query up (fresh for 10 s, so the read is not made twice).
const analyticsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/analytics",
  validateSearch: parseAnalyticsSearch,
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) => {
    void context.services.queryClient.prefetchQuery(analyticsQuery(context.services.backend, filterOfAnalytics(deps, Date.now())));
  },
  component: AnalyticsView,
});

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
    // A room's code starts loading when a link to it is hovered or focused.
    defaultPreload: "intent",
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
