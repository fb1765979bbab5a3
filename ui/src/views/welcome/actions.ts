// What the first-run screen's buttons do: each ends in Compare, ready to go — the demo models
// already answering, or a catalog and models picked with a prompt waiting.
import { useNavigate } from "@tanstack/react-router";

import { catalogQuery } from "../../app/queries";
import { focusViewInput } from "../../app/commands";
import { useServices } from "../../app/services";
import { isRunning } from "../../run/runStore";
import { type CatalogRef, DEMO, type Pick, sourceKey, specOf, toTarget } from "../../targets";

export const SAMPLE_PROMPT = "Explain in two sentences why the sky is blue.";

/** Three speeds side by side: the columns start, write and finish at different times. */
export const DEMO_TRIO = ["fast", "medium", "slow"];

/** One answer that works beside three ways an answer goes wrong, each said in its column. */
export const DEMO_FAILURES = ["fast", "bad-key", "dies-midway", "truncated"];

export function useFirstRunActions() {
  const { prefs, ui, compose, run, backend, queryClient } = useServices();
  const navigate = useNavigate();

  /** The prompt the person typed, else the sample: a first comparison should not wait on writing one. */
  const prompt = () => compose.getState().prompt.trim() || SAMPLE_PROMPT;

  /** Opens Compare on this catalog; with `picks`, those replace the picked models and a prompt waits. */
  const openCompare = async (source: CatalogRef, picks?: Pick[]) => {
    ui.setState({ pickerSource: sourceKey(source) });
    if (picks) {
      prefs.set("picks", picks);
      compose.setState({ prompt: prompt() });
    }
    await navigate({ to: "/compare" });
    // Ready to type: the prompt when models are picked, else the model search.
    setTimeout(() => (picks ? focusViewInput() : document.querySelector<HTMLElement>('[data-testid="model-search"]')?.focus()), 0);
  };

  /** Picks these demo models and starts the comparison at once. Rejects (BackendError) if refused. */
  const startDemo = async (ids: string[]) => {
    if (isRunning(run.getState())) throw new Error("A comparison is running: wait for it to end, or stop it in Compare.");
    const picks: Pick[] = ids.map((model) => ({ provider: "demo", endpoint: null, model }));
    // The catalog gives the (made-up) prices for the estimate and the spending caps; without
    // it the demo still runs.
    const catalog = await queryClient.fetchQuery(catalogQuery(backend, DEMO)).catch(() => null);
    const text = prompt();
    const targets = picks.map((p) => toTarget(p, catalog?.models.find((m) => m.id === p.model), prefs.getState().defaultParams));
    await run.start(specOf(text, targets));
    prefs.set("picks", picks);
    ui.setState({ pickerSource: sourceKey(DEMO) });
    compose.setState({ prompt: text });
    await navigate({ to: "/compare" });
  };

  return { openCompare, startDemo };
}
