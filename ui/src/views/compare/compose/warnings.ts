// What the estimate warns about before sending, each with the control that fixes it (which the
// composer keeps on screen): a prompt over a model's context window (the prompt box, or that
// model's chip), a worst case over a spending cap (the Max tokens field), a price nobody knows.
// Pure, so it is unit-tested. Invariant: a warning never blocks sending by itself; the engine
// decides, and its refusal is shown the same way (`fixOfRefusal`).
import type { Attachment, CatalogModel, Estimate, ProviderKind } from "../../../backend";
import { formatUsd } from "../../../format";

/** The control a warning points at: the composer focuses it when the person presses "fix". */
export type FixControl = "prompt" | "max_tokens" | "picks";

export interface Warning {
  kind: "context" | "budget" | "daily" | "unpriced" | "files";
  text: string;
  fix: FixControl | null;
  /** What the fix button says: "Lower max tokens". */
  fixLabel: string | null;
}

export interface Caps {
  perComparisonUsd: number | null;
  dailyUsd: number | null;
  spentTodayUsd: number;
}

const FIX_LABEL: Record<FixControl, string> = { prompt: "Shorten the prompt", max_tokens: "Lower max tokens", picks: "Change the models" };

const warn = (kind: Warning["kind"], text: string, fix: FixControl | null): Warning => ({ kind, text, fix, fixLabel: fix ? FIX_LABEL[fix] : null });

/** `labels[t]` names target t; estimate slots run variant × row × target, so slot i is target i mod n. */
export function warningsOf(est: Estimate, labels: string[], caps: Caps): Warning[] {
  const out: Warning[] = [];
  const n = Math.max(labels.length, 1);
  const over = [...new Set(est.slots.flatMap((s, i) => (s.fits_context === false ? [labels[i % n] ?? `#${(i % n) + 1}`] : [])))];
  if (over.length) out.push(warn("context", `The prompt is longer than the context window of ${over.join(", ")}.`, "prompt"));
  const bound = est.worst_case_complete ? "" : "at least ";
  const worst = est.worst_case_usd;
  if (caps.perComparisonUsd !== null && worst > caps.perComparisonUsd) {
    out.push(warn("budget", `This run could cost ${bound}${formatUsd(worst)}, over the cap of ${formatUsd(caps.perComparisonUsd)} per comparison: it would be refused.`, "max_tokens"));
  } else if (caps.dailyUsd !== null && caps.spentTodayUsd + worst > caps.dailyUsd) {
    out.push(warn("daily", `${formatUsd(caps.spentTodayUsd)} spent today plus ${bound}${formatUsd(worst)} would pass the daily cap of ${formatUsd(caps.dailyUsd)}: it would be refused.`, "max_tokens"));
  }
  if (est.unpriced.length) {
    const capped = caps.perComparisonUsd !== null || caps.dailyUsd !== null;
    // Three names at most: sixteen unpriced columns must not push the prompt box off screen.
    const names = est.unpriced.length <= 3 ? est.unpriced.join(", ") : `${est.unpriced.slice(0, 2).join(", ")} and ${est.unpriced.length - 2} more`;
    const them = est.unpriced.length === 1 ? "it" : "them";
    const its = est.unpriced.length === 1 ? "its cost" : "their costs";
    out.push(
      warn(
        "unpriced",
        `No known price for ${names}${capped ? `: the spending cap cannot be checked for ${them}, so Send asks first.` : `: ${its} will show as a dash, never $0.`}`,
        capped ? "picks" : null,
      ),
    );
  }
  return out;
}

/** Where the PDF part of a request has no place: the engine refuses it for these providers. */
const NO_PDF: Record<string, string> = { ollama: "Ollama reads images only", compatible: "local servers read images only", demo: "demo models read no files" };

/**
 * Picks that cannot read the attached images or PDFs, said before sending (their columns would
 * fail): a PDF where the provider takes none (the engine's rule, `llm::attachment::takes`), an
 * image to a model whose catalog lists input modalities without `image`. A model whose catalog
 * says nothing is let try. `picks[i]` is target i.
 */
export function filesWarning(files: Pick<Attachment, "kind">[], picks: { label: string; provider: ProviderKind }[], models: (CatalogModel | undefined)[]): Warning | null {
  const images = files.some((f) => f.kind === "image");
  const pdfs = files.some((f) => f.kind === "pdf");
  if (!images && !pdfs) return null;
  const cannot: string[] = [];
  picks.forEach((p, i) => {
    const noPdf = pdfs ? NO_PDF[p.provider] : undefined;
    const listed = models[i]?.input_modalities ?? [];
    if (noPdf) cannot.push(`${p.label} (${noPdf})`);
    else if (images && listed.length > 0 && !listed.includes("image")) cannot.push(`${p.label} (no image input in its catalog entry)`);
  });
  if (cannot.length === 0) return null;
  const shown = cannot.length <= 3 ? cannot.join(", ") : `${cannot.slice(0, 2).join(", ")} and ${cannot.length - 2} more`;
  return warn("files", `The attached files cannot go to ${shown}: ${cannot.length === 1 ? "its column" : "their columns"} would fail.`, "picks");
}

/** The control that fixes a refusal from the engine (over a cap: max tokens), if any. */
export function fixOfRefusal(code: string): FixControl | null {
  if (code === "over_budget") return "max_tokens";
  if (code === "empty_prompt") return "prompt";
  if (code === "no_targets" || code === "too_many_slots") return "picks";
  return null;
}

export const fixLabel = (f: FixControl) => FIX_LABEL[f];
