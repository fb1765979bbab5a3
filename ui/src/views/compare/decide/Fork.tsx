// "Fork": the comparison shown, back in the composer (compose/fork.ts) to change and send as a
// new one. Not while a blind vote is open: the composer would name the models.
import { useNavigate } from "@tanstack/react-router";
import { GitFork } from "lucide-react";
import { useState } from "react";

import type { ComparisonRecord } from "../../../backend";
import { focusViewInput } from "../../../app/commands";
import { useServices } from "../../../app/services";
import { Button, toast } from "../../../kit";
import { draftStoreOf, replaceFiles } from "../compose/draftStore";
import { loadFork } from "../compose/fork";
import { unfoldComposer } from "../watch/readingStore";

export function ForkButton({ comparison, waiting }: { comparison: ComparisonRecord; waiting?: string | undefined }) {
  const services = useServices();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const fork = async () => {
    setBusy(true);
    try {
      const f = await loadFork(services.backend, comparison);
      services.compose.setState({ prompt: f.prompt });
      services.prefs.set("picks", f.picks);
      const draft = Object.fromEntries(Object.entries(f.draft).filter(([, v]) => v !== undefined));
      const store = draftStoreOf(services);
      store.setState(draft);
      replaceFiles(store, f.draft.attachments);
      // The picker shows the first model's catalog, as when Compare opens.
      services.ui.setState({ pickerSource: null });
      await navigate({ to: "/compare" });
      unfoldComposer();
      setTimeout(focusViewInput, 0);
      toast.success(`Forked “${comparison.title}”: change the prompt, the models or their parameters, then send.`);
    } catch (e) {
      toast.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      size="sm"
      onClick={() => void fork()}
      disabled={busy || waiting !== undefined}
      data-testid="fork"
      title={waiting ?? "The prompt, models and parameters back in the prompt box, to change and send as a new comparison; this one stays"}
    >
      <GitFork size={13} aria-hidden /> Fork
    </Button>
  );
}
