// Why an answer that streamed to its end is not a normal answer, in words a person can act on.
// The engine decides the status (`refused`, `truncated`); this only explains it. The CLI's
// `table::outcome_note` says the same things.
import type { SlotRecord } from "./backend";

export function outcomeNote(s: Pick<SlotRecord, "status" | "finish_reason" | "text" | "usage">): string | null {
  const why = s.finish_reason ?? "no reason given";
  switch (s.status) {
    case "refused":
      return s.finish_reason === "content_filter"
        ? `A safety filter stopped the answer (finish reason: ${why}). Rephrase the prompt, or try another model.`
        : `The model declined, or a safety filter stopped it (finish reason: ${why}).`;
    case "cancelled":
      return "Stopped: the text that arrived is kept.";
    case "truncated":
      if (s.text === "") {
        const thinking = (s.usage.reasoning_tokens ?? 0) > 0 ? " while the model was still reasoning" : "";
        return `No answer: the length limit was reached${thinking} before any answer text (finish reason: ${why}). Raise max tokens.`;
      }
      return `Cut short at the length limit (finish reason: ${why}). Raise max tokens for the rest.`;
    default:
      return null;
  }
}
