// Pure helpers for deciding: how an answer is named, the vote a blind choice saves, the metrics
// as a Markdown table, and votes split into the person's and the judges'. Unit-tested.
//
// "Both bad" is saved as a tie between the answers (winner none): the vote table has no "both
// bad", and a rating cannot tell the two apart anyway — neither answer beat the other — which
// is how LM Arena's own rating code counts "tie (bothbad)". The difference is kept for the
// person in what the UI says, not in the rating.
import type { SlotRecord, VoteRecord, VoteRequest } from "../../../backend";
import { formatCount, formatMs, formatSpeed, formatUsd } from "../../../format";

/** How a column's model is named: `model` on OpenRouter, `provider:model` elsewhere. */
export const slotLabel = (s: Pick<SlotRecord, "provider" | "model">) => (s.provider === "openrouter" ? s.model : `${s.provider}:${s.model}`);

export type BlindChoice = { kind: "winner"; slot: number } | { kind: "tie" } | { kind: "all_bad" };

/** The vote a blind choice saves: among every shown answer, blind unless an answer named itself. */
export function voteOf(choice: BlindChoice, among: number[], selfNamed: (string | null)[] | undefined): VoteRequest {
  const unmasked = among.some((i) => !!selfNamed?.[i]);
  return { ...(choice.kind === "winner" ? { winner: choice.slot } : {}), among, blind: !unmasked };
}

/** The answers a vote is among: those that produced text (a failed column is not a contender). */
export const contenders = (slots: SlotRecord[]) => slots.filter((s) => s.text.trim() !== "").map((s) => s.index);

/** Human votes and judge votes, apart: a judge's verdict never passes for the person's. */
export function splitVotes(votes: VoteRecord[]): { human: VoteRecord[]; judge: VoteRecord[] } {
  return { human: votes.filter((v) => v.voter === "human"), judge: votes.filter((v) => v.voter.startsWith("judge:")) };
}

/** A vote in words: "demo:fast over demo:medium" / "tie between …". */
export function describeVote(v: VoteRecord, slots: SlotRecord[]): string {
  const name = (id: string) => {
    const s = slots.find((x) => x.id === id);
    return s ? slotLabel(s) : "a removed answer";
  };
  if (v.winner_slot_id === null) return `tie between ${v.slot_ids.map(name).join(", ")}`;
  const others = v.slot_ids.filter((id) => id !== v.winner_slot_id).map(name);
  return `${name(v.winner_slot_id)}${others.length ? ` over ${others.join(", ")}` : ""}`;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The metrics as a Markdown table, one row per answer (what "Copy metrics" puts on the clipboard). */
export function metricsTable(slots: SlotRecord[]): string {
  const head = "| # | Model | Status | TTFT | Total | Tok/s | Tokens in | Tokens out | Cost |\n|---|---|---|---:|---:|---:|---:|---:|---:|";
  const rows = slots.map((s) =>
    [String(s.index + 1), slotLabel(s), s.status, formatMs(s.ttft_ms), formatMs(s.total_ms), formatSpeed(s.speed), formatCount(s.usage.input_tokens), formatCount(s.usage.output_tokens), formatUsd(s.cost.usd)]
      .map(cell)
      .join(" | "),
  );
  return [head, ...rows.map((r) => `| ${r} |`)].join("\n");
}
