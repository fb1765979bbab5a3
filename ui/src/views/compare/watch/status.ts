// What a column says about its answer: the status badge, the cost's look, an error's advice.
//
// Owns: the words and tones of every slot status and error code. Invariants:
// - Advice comes from the typed code (`ErrorCode`), never from the message text (ARCHITECTURE:
//   "The UI branches on `code`, never on `message`"); the provider's own words are shown apart.
// - An unknown cost never reads $0: it is a dash with its own look (`cost-unknown`).
import type { ErrorCode, SlotRecord } from "../../../backend";
import type { LiveSlot } from "../../../compareState";
import { formatUsd } from "../../../format";
import type { Tone } from "../../../kit";

export type StatusKey =
  | "waiting" | "queued" | "retrying" | "fallback" | "streaming" | "done" | "refused" | "filtered"
  | "truncated" | "failed" | "cancelled" | "cached" | "interrupted";

const TONE: Record<StatusKey, Tone> = {
  waiting: "neutral", queued: "neutral", retrying: "warn", fallback: "warn", streaming: "accent", done: "ok",
  refused: "warn", filtered: "warn", truncated: "warn", failed: "bad", cancelled: "warn", cached: "accent", interrupted: "bad",
};

export const STATUS_TITLE: Record<StatusKey, string> = {
  waiting: "Sent; waiting for the provider to start.",
  queued: "Waiting for a place under the limits on requests at once.",
  retrying: "A transient failure: the request will be made again.",
  fallback: "The model failed; a fallback model is being tried.",
  streaming: "The answer is arriving.",
  done: "The answer is complete.",
  refused: "The model declined to answer.",
  filtered: "A safety filter stopped the answer.",
  truncated: "The answer was cut at the length limit.",
  failed: "The request failed; what arrived is kept.",
  cancelled: "Stopped; what arrived is kept, with its tokens and cost.",
  cached: "Served from the answer cache: the same request was answered recently. No cost.",
  interrupted: "The app stopped while this answer streamed; what arrived is kept.",
};

/** The status a column shows: the slot's own, refined by what only the live run knows. */
/**
 * Whether two records of one slot differ only in their streamed text (answer or reasoning): what
 * the header and the finished figures of a column need not re-render for. Each text event makes a
 * new record with the other fields kept as they were (compareState's `{ ...s, text }`).
 */
export function sameBesidesText(a: SlotRecord, b: SlotRecord): boolean {
  if (a === b) return true;
  for (const k of Object.keys(a) as (keyof SlotRecord)[]) {
    if (k !== "text" && k !== "reasoning" && !Object.is(a[k], b[k])) return false;
  }
  return Object.keys(a).length === Object.keys(b).length;
}

export function statusOf(slot: SlotRecord, live: LiveSlot | undefined, queued = false): { key: StatusKey; tone: Tone } {
  let key: StatusKey;
  if (slot.cached) key = "cached";
  else if (slot.status === "pending") key = queued || live?.phase === "queued" ? "queued" : live?.phase ?? "waiting";
  else if (slot.status === "streaming") key = live?.phase && live.phase !== "queued" && !slot.text ? live.phase : "streaming";
  else if (slot.status === "refused") key = slot.finish_reason === "content_filter" ? "filtered" : "refused";
  else key = slot.status;
  return { key, tone: TONE[key] };
}

export type CostKind = "billed" | "computed" | "estimated" | "unknown" | "made-up" | "local" | "cached";

/** The cost metric's label, value and look; a local model's real zero reads "local", a demo's price "made up". */
export function costOf(slot: SlotRecord): { label: string; value: string; kind: CostKind } {
  const value = formatUsd(slot.cost.usd);
  if (slot.cached) return { label: "Cost · cached", value, kind: "cached" };
  if (slot.cost.usd === null || slot.cost.source === "unknown") return { label: "Cost", value: formatUsd(null), kind: "unknown" };
  if (slot.provider === "demo") return { label: "Cost · made up", value, kind: "made-up" };
  if (slot.provider === "ollama" && slot.cost.usd === 0) return { label: "Cost · local", value, kind: "local" };
  return { label: `Cost · ${slot.cost.source}`, value, kind: slot.cost.source };
}

/** A failed answer in plain words: what happened and what to do, by code. */
export const ERROR_ADVICE: Record<ErrorCode, { what: string; todo: string }> = {
  unauthorized: { what: "The key was refused", todo: "Check this provider's key in Settings → Providers." },
  insufficient_credits: { what: "Out of credits", todo: "Add credits to the provider account, or pick a free model." },
  rate_limited: { what: "Rate limited", todo: "Wait a minute and try again, or lower the requests at once in Settings → Limits." },
  context_length_exceeded: { what: "The prompt is too long for this model", todo: "Shorten the prompt or the conversation, or pick a model with a larger context." },
  moderation: { what: "Blocked by the provider's moderation", todo: "Rephrase the prompt, or try another model." },
  model_not_found: { what: "No such model", todo: "Check the model id: it may have been renamed or removed from the catalog." },
  bad_request: { what: "The provider refused the request", todo: "Check this column's parameters (max tokens, temperature, reasoning)." },
  unsupported_input: { what: "This model cannot read the attached files", todo: "Remove the files, or ask a model that reads images and PDFs (the catalog lists each model's input)." },
  file_missing: { what: "An attached file is no longer in this history", todo: "Attach the file again and send: an import keeps only the files its export carried. Nothing was sent." },
  provider_overloaded: { what: "The provider is overloaded", todo: "Try again in a little while, or add a fallback model." },
  provider_error: { what: "The provider failed on its side", todo: "Try again; if it persists, try another provider." },
  timeout: { what: "No answer in time", todo: "Try again, or raise the timeouts in Settings → Limits." },
  network: { what: "The provider could not be reached", todo: "Check the connection (and any proxy or VPN), then try again." },
  stream_interrupted: { what: "The connection dropped mid-answer", todo: "The text that arrived is kept; send again for the whole answer." },
  malformed_response: { what: "The provider sent something unreadable", todo: "Try again, or try another provider of this model." },
  cancelled: { what: "Stopped", todo: "The text that arrived is kept, with its tokens and cost." },
};

/** Rough tokens of streamed text (≈4 characters each), until the provider reports usage. */
export const roughTokens = (text: string) => Math.round(text.length / 4);
