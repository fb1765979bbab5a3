// The composer folded to one line while answers are shown (readingStore): the prompt's first
// line, Stop while the run goes on, and the button that unfolds the composer. CompareView shows
// it in the composer's collapsed panel.
import { ChevronDown } from "lucide-react";

import { useCompose, useRun, useServices } from "../../../app/services";
import { Button, Kbd } from "../../../kit";
import { isRunning } from "../../../run/runStore";
import { shortcut } from "../../../shortcuts";
import { unfoldComposer } from "./readingStore";

export function FoldedComposer({ prompt: shown }: { prompt: string }) {
  const { run } = useServices();
  const running = useRun(isRunning);
  // Folded at the click on Send (readingStore.foldAhead), before the comparison is shown: the prompt sent.
  const sending = useCompose((s) => s.prompt);
  const prompt = useRun((s) => s.starting && s.comparison === null) ? sending : shown;
  const line = prompt.split("\n").find((l) => l.trim()) ?? "";
  return (
    <div className="folded-composer" data-testid="folded-composer">
      <span className="folded-prompt" title={prompt}>
        {line || <span className="muted">No prompt</span>}
      </span>
      {running && (
        <Button size="sm" onClick={() => void run.cancel()} data-testid="stop-run" title="Stop every answer; keep what arrived">
          Stop
        </Button>
      )}
      <Button size="sm" onClick={unfoldComposer} data-testid="unfold-composer" data-unfold title="Show the prompt box and the model picker again (/)">
        <ChevronDown size={14} aria-hidden /> Edit prompt and models <Kbd keys={shortcut("focus-input").keys} />
      </Button>
    </div>
  );
}
