// How numbers are shown. Unknown is a dash with an explanation, never "$0" or "0 ms".
import type { Cost, Price, Speed } from "./backend";

export const DASH = "—";

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return DASH;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/**
 * Dollars with enough digits to be read: 4 decimals from a cent up; below a cent, at least 6
 * decimals and always 3 significant digits, so a real $0.0000004 never reads "$0." or "$0.000000".
 * The CLI's `table::format_cost` follows the same rule.
 */
export function formatUsd(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return DASH;
  if (usd === 0) return "$0";
  if (usd >= 0.01) return `$${usd.toFixed(4)}`;
  const decimals = Math.min(Math.max(6, 2 - Math.floor(Math.log10(usd))), 20);
  return `$${usd.toFixed(decimals).replace(/0+$/, "")}`;
}

const COST_SOURCE_TEXT: Record<Cost["source"], string> = {
  billed: "Billed: the amount the provider reports it charged.",
  computed: "Computed: reported tokens × the list prices at run time (cache, reasoning, per-request and long-prompt prices included).",
  estimated: "Estimated: estimated tokens × the catalog price.",
  unknown: "Unknown: the provider reported no cost and no catalog price is known.",
};

export function costTitle(cost: Cost, byokUpstreamUsd: number | null = null, basis: string | null = null): string {
  const base = basis && cost.source === "computed" ? `${COST_SOURCE_TEXT[cost.source]} Prices: ${basis}.` : COST_SOURCE_TEXT[cost.source];
  if (byokUpstreamUsd === null || cost.usd === null) return base;
  const fee = Math.max(cost.usd - byokUpstreamUsd, 0);
  return `${base} Bring-your-own-key: ${formatUsd(byokUpstreamUsd)} charged by the provider to your own key + ${formatUsd(fee)} OpenRouter fee.`;
}

export function formatPrice(p: Price): string {
  switch (p.kind) {
    case "usd":
      return p.usd === 0 ? "free" : `$${p.usd < 1 ? p.usd.toFixed(3).replace(/0+$/, "").replace(/\.$/, "") : p.usd.toFixed(2)}/M`;
    case "variable":
      return "varies";
    case "unknown":
      return "?";
  }
}

/**
 * The speed the engine measured (`Speed::of` in Rust is the one definition), for display;
 * `short` for a column's narrow metric cell (its title says the rest).
 */
export function formatSpeed(speed: Speed, { short = false } = {}): string {
  if (speed.basis === "too_short") return short ? "too short" : "too short to time";
  return speed.tokens_per_second === null ? DASH : speed.tokens_per_second.toFixed(1);
}

const SPEED_TEXT: Record<Speed["basis"], string> = {
  generation: "Output tokens per second over the generation phase, from the first output (reasoning or text) to the end, not counting the first chunk's tokens (generated before the clock could see them).",
  visible: "Visible speed: the model reasoned without showing it, so this is answer tokens (output − reasoning) per second from the first visible token to the end. The hidden thinking time is in TTFT.",
  too_short: "Too short to time: the answer came in under 100 ms or in fewer than 3 chunks, so no speed would be honest.",
  unknown: "Unknown: the provider reported no token count, the answer did not finish, or it came from the cache.",
};

export function speedTitle(speed: Speed): string {
  return SPEED_TEXT[speed.basis];
}

/** The label of the speed metric: "Tok/s", or "Tok/s visible" when reasoning was hidden. */
export function speedLabel(speed: Speed): string {
  return speed.basis === "visible" ? "Tok/s visible" : "Tok/s";
}

// One formatter, made once: `Number.prototype.toLocaleString` builds a new one on every call
// (in WebKit ~5 % of the page's script time while sixteen columns stream their counts).
const COUNT = new Intl.NumberFormat("en-US");

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? DASH : COUNT.format(n);
}

/** "Nov 25, 03:18" this year, "Nov 25 2025, 03:18" before: history rows stay one line. */
export function formatDate(ms: number, now: Date = new Date()): string {
  const d = new Date(ms);
  const sameYear = d.getFullYear() === now.getFullYear();
  return d.toLocaleString(undefined, {
    year: sameYear ? undefined : "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  });
}

/**
 * Money on an account (credit left, a limit, what was used): cents are enough there, and a round
 * amount reads as one — "$74.50 left of $100". Below a cent it falls back to formatUsd's digits
 * so a real amount never reads "$0.00". Unknown is a dash.
 */
export function formatCredit(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return DASH;
  if (usd === 0) return "$0";
  if (Math.abs(usd) < 0.01) return formatUsd(usd);
  const whole = Math.abs(usd - Math.round(usd)) < 0.005;
  return `$${usd.toLocaleString("en-US", { minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: whole ? 0 : 2 })}`;
}

/** A file size in binary units, as file managers show it: "812 KB", "1.4 MB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return DASH;
  const units = ["bytes", "KB", "MB", "GB", "TB"];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return i === 0 ? `${v} ${v === 1 ? "byte" : "bytes"}` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** A whole number of seconds as people say it: "45 s", "15 min", "1 h 30 min", "30 days". */
export function formatSeconds(total: number): string {
  if (!Number.isFinite(total) || total < 0) return DASH;
  const parts: [number, string][] = [
    [86_400, "day"],
    [3_600, "h"],
    [60, "min"],
    [1, "s"],
  ];
  const out: string[] = [];
  let rest = Math.round(total);
  for (const [size, unit] of parts) {
    const n = Math.floor(rest / size);
    if (n === 0) continue;
    rest -= n * size;
    out.push(unit === "day" ? `${n} day${n === 1 ? "" : "s"}` : `${n} ${unit}`);
    if (out.length === 2) break;
  }
  return out.length ? out.join(" ") : "0 s";
}

/**
 * How long ago, as people say it: "just now", "12 minutes ago", "5 hours ago", "3 days ago".
 * For a saved list's age, where the exact time does not matter but its order of size does.
 */
export function formatAge(thenMs: number, nowMs: number = Date.now()): string {
  const s = Math.max(0, (nowMs - thenMs) / 1000);
  const ago = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"} ago`;
  if (s < 60) return "just now";
  if (s < 3_600) return ago(Math.floor(s / 60), "minute");
  if (s < 86_400) return ago(Math.floor(s / 3_600), "hour");
  return ago(Math.floor(s / 86_400), "day");
}

/**
 * A model file's size as Ollama itself lists it (`ollama list`: decimal units, "2.0 GB"), so the
 * number matches what the person sees in their terminal.
 */
export function formatDiskSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return DASH;
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} KB`;
}
