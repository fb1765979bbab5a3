// What a finished run makes stale: History, today's spend, Analytics and the Prices room's own
// figures. (Your numbers beside a model once stayed 30 s old after a run that changed them.)
import { describe, expect, it } from "vitest";

import { createFakeBackend } from "../backend/fake";
import { qk } from "./queryKeys";
import { createServices } from "./services";

describe("a finished run", () => {
  it("marks history, analytics and your numbers stale", async () => {
    const backend = createFakeBackend({ delayScale: 0.01 });
    const { queryClient, run } = createServices(backend, { schedule: (f) => setTimeout(f, 0) });
    for (const key of [qk.historyList(null), qk.analytics(null), qk.yourNumbers]) await queryClient.fetchQuery({ queryKey: key, queryFn: () => 1 });
    const stale = () => [qk.historyList(null), qk.analytics(null), qk.yourNumbers].map((k) => queryClient.getQueryState(k)?.isInvalidated ?? null);
    expect(stale()).toEqual([false, false, false]);
    await run.start({ prompt: "Hi", targets: [{ provider: "openrouter", model: "openai/gpt-4o-mini" }] });
    await expect.poll(() => run.getState().finished, { timeout: 5000 }).toBe(true);
    expect(stale()).toEqual([true, true, true]);
  });
});
