// Before sending: what the whole run would cost (input tokens, input cost, worst case, per slot
// in a popover) and what it warns about, each warning with a button that brings its fixing
// control into view (warnings.ts). Nothing here blocks sending; the engine decides.
import type { Estimate } from "../../../backend";
import { formatCount, formatUsd } from "../../../format";
import { Button, Popover } from "../../../kit";
import type { FixControl, Warning } from "./warnings";

export function EstimateLine({ estimate }: { estimate: Estimate }) {
  const tokens = estimate.slots.reduce((n, s) => n + s.input_tokens, 0);
  // Each model's provider counts an image by its own rule: the allowance can differ by answer.
  const allowed = estimate.slots.flatMap((s) => (s.attachment_tokens != null ? [s.attachment_tokens] : []));
  const filesAllowed = allowed.length === 0 ? null : { min: Math.min(...allowed), max: Math.max(...allowed) };
  return (
    <Popover
      title="Before sending"
      testId="estimate-details"
      trigger={
        <button
          type="button"
          className="estimate num"
          data-testid="estimate"
          title="Before sending: input tokens (exact for OpenAI models, about 4 characters per token otherwise) × catalog prices; the most it can cost if every answer runs to its output limit."
        >
          {tokens.toLocaleString("en-US")} tokens in · {estimate.input_cost_complete ? "" : "≥ "}
          {formatUsd(estimate.input_cost_usd)} · at most {estimate.worst_case_complete ? "" : "≥ "}
          {formatUsd(estimate.worst_case_usd)}
        </button>
      }
    >
      <p className="muted small">
        Input tokens × each model's input price, and the most each answer can cost if it runs to its output limit. A dash
        is a price nobody knows: never counted as $0.
      </p>
      <table className="estimate-table">
        <thead>
          <tr>
            <th>#</th>
            <th>Tokens in</th>
            <th>Input cost</th>
            <th>At most</th>
          </tr>
        </thead>
        <tbody>
          {estimate.slots.map((s, i) => (
            <tr key={i}>
              <td>{i + 1}</td>
              <td>
                {formatCount(s.input_tokens)}
                {s.counted === "approximate" ? " ≈" : ""}
              </td>
              <td>{formatUsd(s.input_cost_usd)}</td>
              <td>{formatUsd(s.worst_case_usd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {estimate.unpriced.length > 0 && <p className="small warn-text">No known price: {estimate.unpriced.join(", ")}.</p>}
      {filesAllowed !== null && (
        <p className="small muted" data-testid="estimate-files">
          Each answer's tokens in include about {formatCount(filesAllowed.min)}
          {filesAllowed.max !== filesAllowed.min ? `–${formatCount(filesAllowed.max)}` : ""} for the attached images and PDFs (an image by its size in pixels,
          as the model's provider counts it; 3,000 a PDF page): no tokenizer here counts them, so these counts are approximate.
        </p>
      )}
    </Popover>
  );
}

/** The warnings, one line each, with the control that fixes each. */
export function Warnings({ warnings, onFix }: { warnings: Warning[]; onFix: (f: FixControl) => void }) {
  if (warnings.length === 0) return null;
  return (
    <ul className="compose-warnings" data-testid="estimate-warnings">
      {warnings.map((w) => (
        <li key={w.kind} className={w.kind === "unpriced" ? "warn-soft" : "warn"} data-testid={`warning-${w.kind}`}>
          <span>{w.text}</span>
          {w.fix && (
            <Button size="sm" onClick={() => onFix(w.fix!)} data-testid={`fix-${w.fix}`}>
              {w.fixLabel}
            </Button>
          )}
        </li>
      ))}
    </ul>
  );
}
