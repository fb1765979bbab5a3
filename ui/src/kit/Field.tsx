import { cloneElement, useId, type ReactElement, type ReactNode } from "react";

import { cx } from "./cx";

interface Props {
  label: ReactNode;
  /** The control: an input, textarea or select. It gets the id and the aria links. */
  children: ReactElement<{ id?: string; "aria-describedby"?: string; "aria-invalid"?: boolean }>;
  hint?: ReactNode;
  /** Shown right under the control, where the person is looking, and announced. */
  error?: string | null;
  className?: string;
  inline?: boolean;
}

/** A labelled control with an optional hint and an inline error message slot. */
export function Field({ label, children, hint, error, className, inline }: Props) {
  const id = useId();
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cx("field", inline && "field-inline", className)}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {cloneElement(children, { id, "aria-describedby": described, "aria-invalid": error ? true : undefined })}
      {hint && (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/** What became of an action, right beside the control that did it: saved, or why not. */
export function InlineStatus({ status, testId }: { status: { ok: boolean; text: string } | null; testId?: string }) {
  if (!status) return null;
  return (
    <span className={status.ok ? "inline-status ok" : "inline-status bad"} role={status.ok ? "status" : "alert"} data-testid={testId}>
      {status.text}
    </span>
  );
}
