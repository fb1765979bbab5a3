// Fork: a comparison's prompt, system prompt, variants, runs, models and their parameters put
// back in the composer, to change one thing and send it as a new comparison (the one forked
// stays as it is). Each model's parameters are read back from what its first answer was sent
// with (`answerTargets`), so a fork sends what was sent unless the person changes it.
//
// Invariants: the picks are the comparison's models in column order, each once; parameters that
// are the same for every model fill the shared row ("same settings for all"), else one row per
// model. The prompt comes back as its template ({{variables}} kept); the variable rows are not
// saved with a comparison, so the composer keeps the rows it has, and variants B, C… come back
// as the text their first answer was sent (variables filled in). Attached files come back by
// name, without their bytes: the engine finds them in history when the fork is sent.
import type { Attachment, Backend, ComparisonRecord, SlotRecord } from "../../../backend";
import { type ColumnDraft, columnDraftOfTarget } from "../../../params";
import { type Pick as ModelPick, samePick } from "../../../targets";
import type { DraftState } from "./draftStore";
import { MAX_REPEATS } from "./spec";

/** The pick a saved answer was asked of (`compatible:NAME` is a custom endpoint). */
export function pickOfSlot(s: Pick<SlotRecord, "provider" | "model">): ModelPick {
  if (s.provider.startsWith("compatible:")) return { provider: "compatible", endpoint: s.provider.slice("compatible:".length), model: s.model };
  return { provider: s.provider as ModelPick["provider"], endpoint: null, model: s.model };
}

export interface Fork {
  prompt: string;
  picks: ModelPick[];
  draft: Partial<DraftState>;
}

/** What the composer is given; `columns` are each pick's parameters, in pick order. */
export function forkOf(c: ComparisonRecord, columns: ColumnDraft[]): Fork {
  const picks: ModelPick[] = [];
  for (const s of [...c.slots].sort((a, b) => a.index - b.index)) {
    const p = pickOfSlot(s);
    if (!picks.some((q) => samePick(p, q))) picks.push(p);
  }
  // Variants B, C…: the text each variant's first answer was sent (row 0).
  const variants = [...new Set(c.slots.filter((s) => s.variant > 0).map((s) => s.variant))]
    .sort((a, b) => a - b)
    .map((v) => ({ name: String.fromCharCode(65 + v), text: c.slots.find((s) => s.variant === v && s.row === 0)?.prompt ?? "" }));
  const repeats = Math.min(MAX_REPEATS, 1 + Math.max(0, ...c.slots.map((s) => s.repeat)));
  const same = columns.every((d) => JSON.stringify(d) === JSON.stringify(columns[0]));
  return {
    prompt: c.prompt,
    picks,
    draft: {
      system: c.system ?? "",
      systemOpen: !!c.system,
      aName: "A",
      variants,
      active: 0,
      repeats,
      same,
      columns: columns.length === 0 ? undefined : same ? [columns[0]!] : columns,
      paramsOpen: columns.some((d) => Object.entries(d).some(([k, v]) => (k === "reasoning" ? v !== "default" : v !== ""))),
      // The files, named without their bytes: the engine takes them back from history on Send.
      attachments: attachedTo(c),
      attachErrors: [],
    },
  };
}

/** The files a comparison's prompt was sent with (every answer was asked with the same). */
export function attachedTo(c: ComparisonRecord): Attachment[] {
  return c.slots[0]?.messages.at(-1)?.attachments ?? [];
}

/** Each model's first answer, in column order: where the comparison's models were asked from. */
export function firstAnswers(c: ComparisonRecord): SlotRecord[] {
  const firsts: SlotRecord[] = [];
  for (const s of [...c.slots].sort((a, b) => a.index - b.index)) {
    if (!firsts.some((f) => samePick(pickOfSlot(f), pickOfSlot(s)))) firsts.push(s);
  }
  return firsts;
}

/** Reads each model's parameters back (one request for all) and builds the fork. */
export async function loadFork(backend: Pick<Backend, "answerTargets">, c: ComparisonRecord): Promise<Fork> {
  const asked = await backend.answerTargets(c.id);
  return forkOf(c, firstAnswers(c).map((s) => columnDraftOfTarget(asked[s.index]!)));
}
