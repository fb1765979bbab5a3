import { Dialog as Base } from "@base-ui/react/dialog";
import { X } from "lucide-react";
import type { ReactNode, RefObject } from "react";

import { cx } from "./cx";

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  /** Shown under the title; hidden visually with `hideHeader` but still read out. */
  description?: ReactNode;
  hideHeader?: boolean;
  children: ReactNode;
  className?: string;
  initialFocus?: RefObject<HTMLElement | null>;
  /** Where focus goes on close: back to what had it (the default), or nowhere when false. */
  finalFocus?: boolean | (() => boolean);
  testId?: string;
  /**
   * `true` (the default) also locks the page's scroll, which costs full-page layouts on open
   * and close; `"trap-focus"` keeps focus trapped and outside content hidden from assistive
   * tech without it, for dialogs over a house that never scrolls as a page (the palette).
   */
  modal?: true | "trap-focus";
}

/** A modal dialog: focus is trapped inside, Esc or a click outside closes it, focus returns. */
export function Dialog({ open, onOpenChange, title, description, hideHeader, children, className, initialFocus, finalFocus, testId, modal = true }: Props) {
  return (
    <Base.Root open={open} modal={modal} onOpenChange={(o) => onOpenChange(o)}>
      <Base.Portal>
        <Base.Backdrop className="dialog-backdrop" />
        <Base.Popup className={cx("dialog", className)} initialFocus={initialFocus} finalFocus={typeof finalFocus === "function" ? () => finalFocus() : finalFocus} data-testid={testId}>
          <div className={hideHeader ? "visually-hidden" : "dialog-head"}>
            <Base.Title className="dialog-title">{title}</Base.Title>
            {description && <Base.Description className="dialog-description">{description}</Base.Description>}
          </div>
          {!hideHeader && (
            <Base.Close className="btn btn-ghost icon-btn dialog-close" aria-label="Close">
              <X size={16} aria-hidden />
            </Base.Close>
          )}
          {children}
        </Base.Popup>
      </Base.Portal>
    </Base.Root>
  );
}
