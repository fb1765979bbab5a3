import { describe, expect, it } from "vitest";

import { createFakeBackend } from "../backend/fake";
import { createPrefsStore, LEGACY_PICKS_KEY, parsePrefs } from "./prefs";

describe("preferences", () => {
  it("keeps only values of the right shape", () => {
    expect(parsePrefs({ theme: "purple", sidebarCollapsed: "yes", picks: [3, "mock/fast"], layouts: { a: { x: 40, y: 60 }, b: { x: "wide" } } })).toEqual({
      theme: "system",
      sidebarCollapsed: false,
      picks: [{ provider: "openrouter", endpoint: null, model: "mock/fast" }],
      layouts: { a: { x: 40, y: 60 } },
      sorts: {},
      defaultParams: { temperature: null, top_p: null, max_tokens: null, seed: null, reasoning: "default" },
      welcomeDismissed: false,
      answersLayout: "columns",
      foldComposer: true,
      scrollTogether: false,
      priceColumns: null,
      // -- Compare's picker (issue 11)
      favourites: [],
      recentPicks: [],
    });
    expect(parsePrefs({ favourites: ["demo:fast", 3], recentPicks: [{ provider: "demo", endpoint: null, model: "fast" }, "x"] })).toMatchObject({
      favourites: ["demo:fast"],
      recentPicks: [{ provider: "demo", endpoint: null, model: "fast" }, { provider: "openrouter", endpoint: null, model: "x" }],
    });
    expect(parsePrefs({ answersLayout: "tabs" }).answersLayout).toBe("tabs");
    expect(parsePrefs({ answersLayout: "mosaic" }).answersLayout).toBe("columns");
    expect(parsePrefs({ foldComposer: false }).foldComposer).toBe(false);
    expect(parsePrefs({ foldComposer: "no" }).foldComposer).toBe(true);
  });

  it("moves the picks the first versions kept in localStorage", async () => {
    const legacy = window.localStorage;
    legacy.setItem(LEGACY_PICKS_KEY, '["mock/fast","mock/slow"]');
    const backend = createFakeBackend();
    const prefs = createPrefsStore(backend.prefs, legacy);
    await prefs.hydrate();
    expect(prefs.getState().picks.map((p) => p.model)).toEqual(["mock/fast", "mock/slow"]);
    await Promise.resolve();
    expect((await backend.prefs.load()).picks).toHaveLength(2);
    expect(legacy.getItem(LEGACY_PICKS_KEY)).toBeNull();
  });
});
