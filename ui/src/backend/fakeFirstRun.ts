// The fake backend's share of a first run: the built-in demo models (as `mock_provider::demo`
// lists them: made-up prices, a short made-up answer, one model per failure kind) and the local
// model servers a scan finds (one Ollama with a few installed models). Kept apart from fake.ts,
// which is about everything else.
import type { ErrorCode } from "./bindings/ErrorCode";
import type { LocalModel } from "./bindings/LocalModel";
import type { SlotStatus } from "./bindings/SlotStatus";

/** A demo model: id, name, USD per million tokens in and out, and its pace. */
export interface DemoRow {
  id: string;
  name: string;
  p: number;
  c: number;
  ttft: number;
  tps: number;
}

export const DEMO_MODELS: DemoRow[] = [
  { id: "fast", name: "Demo: Fast", p: 0.1, c: 0.4, ttft: 150, tps: 180 },
  { id: "medium", name: "Demo: Medium", p: 1, c: 4, ttft: 500, tps: 70 },
  { id: "slow", name: "Demo: Slow", p: 3, c: 15, ttft: 1500, tps: 25 },
  { id: "thinker", name: "Demo: Thinker (reasoning)", p: 2, c: 8, ttft: 300, tps: 90 },
  { id: "markdown", name: "Demo: Markdown", p: 0.5, c: 1.5, ttft: 250, tps: 150 },
  { id: "judge", name: "Demo: Judge (always picks A)", p: 0.5, c: 1.5, ttft: 200, tps: 150 },
  { id: "free", name: "Demo: Free", p: 0, c: 0, ttft: 200, tps: 120 },
  { id: "rate-limited", name: "Demo failure: Rate limited", p: 1, c: 2, ttft: 300, tps: 60 },
  { id: "bad-key", name: "Demo failure: Bad key", p: 1, c: 2, ttft: 120, tps: 60 },
  { id: "overloaded", name: "Demo failure: Overloaded", p: 1, c: 2, ttft: 300, tps: 60 },
  { id: "dies-midway", name: "Demo failure: Error mid-answer", p: 1, c: 2, ttft: 200, tps: 60 },
  { id: "drops", name: "Demo failure: Connection dropped", p: 1, c: 2, ttft: 200, tps: 60 },
  { id: "garbled", name: "Demo failure: Garbled stream", p: 1, c: 2, ttft: 200, tps: 60 },
  { id: "stalls", name: "Demo failure: Stalls", p: 1, c: 2, ttft: 200, tps: 60 },
  { id: "refuses", name: "Demo failure: Refuses", p: 1, c: 2, ttft: 200, tps: 120 },
  { id: "filtered", name: "Demo failure: Content filter", p: 1, c: 2, ttft: 200, tps: 120 },
  { id: "truncated", name: "Demo failure: Token limit", p: 1, c: 2, ttft: 200, tps: 120 },
];

export const DEMO_ANSWER = (
  "A demo answer, made up: demo models do not read your prompt. They stream this text at a " +
  "scripted pace so you can watch how Parallax measures each model — time to first token, tokens " +
  "per second, total time, tokens in and out and the cost at the model's (made-up) price. Add a " +
  "key or a local server to ask real models."
).split(" ");

/**
 * How each failure demo ends: after `after` words (0: before any), with this status, and the
 * error or finish reason the engine would record.
 */
export interface DemoEnding {
  after: number;
  status: SlotStatus;
  error?: { code: ErrorCode; message: string };
  finish?: string;
}

export const DEMO_ENDINGS: Record<string, DemoEnding> = {
  "rate-limited": { after: 0, status: "failed", error: { code: "rate_limited", message: "HTTP 429: too many requests (Retry-After: 1 s). Retried, then gave up." } },
  "bad-key": { after: 0, status: "failed", error: { code: "unauthorized", message: "HTTP 401: the key was refused." } },
  overloaded: { after: 0, status: "failed", error: { code: "provider_overloaded", message: "HTTP 503: the provider is overloaded. Retried, then gave up." } },
  "dies-midway": { after: 12, status: "failed", error: { code: "provider_error", message: "The provider sent an error in the middle of the answer; the text that arrived is kept." } },
  drops: { after: 12, status: "interrupted", error: { code: "stream_interrupted", message: "The connection dropped in the middle of the answer; the text that arrived is kept." } },
  garbled: { after: 8, status: "failed", error: { code: "malformed_response", message: "A chunk of the stream could not be read." } },
  stalls: { after: 12, status: "failed", error: { code: "timeout", message: "Nothing arrived for 60 s (the stall timeout, Settings → Limits)." } },
  refuses: { after: 8, status: "refused", finish: "refusal" },
  filtered: { after: 20, status: "refused", finish: "content_filter" },
  truncated: { after: 25, status: "truncated", finish: "length" },
};

/** Models an Ollama server has installed, as its `GET /api/tags` describes them. */
export const LOCAL_MODELS: { id: string; local: LocalModel }[] = [
  { id: "llama3.2:latest", local: { size_bytes: 2_019_393_189, parameter_size: "3.2B", quantization: "Q4_K_M" } },
  { id: "qwen3:8b", local: { size_bytes: 5_225_388_164, parameter_size: "8.2B", quantization: "Q4_K_M" } },
  { id: "gemma3:4b", local: { size_bytes: 3_338_801_804, parameter_size: "4.3B", quantization: "Q4_K_M" } },
];
