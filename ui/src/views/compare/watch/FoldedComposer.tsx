// The composer folded to one line while answers are read (readingStore): the prompt's first line
// and a button that unfolds the composer. CompareView renders it in place of the composer.
import { ChevronDown } from "lucide-react";

import { Button } from "../../../kit";
import { unfoldComposer } from "./readingStore";

export function FoldedComposer({ prompt }: { prompt: string }) {
  const line = prompt.split("\n").find((l) => l.trim()) ?? "";
  return (
    <div className="folded-composer" data-testid="folded-composer">
      <span className="folded-prompt" title={prompt}>
        {line || <span className="muted">No prompt</span>}
      </span>
      <Button size="sm" onClick={unfoldComposer} data-testid="unfold-composer" title="Show the prompt box and the model picker again">
        <ChevronDown size={14} aria-hidden /> Edit prompt and models
      </Button>
    </div>
  );
}
