import type { ReactNode } from "react";

import { Button } from "./Button";
import { Dialog } from "./Dialog";

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  /** What the confirm button says: the action, never "OK" ("Remove lab", "Delete 12 comparisons"). */
  confirm: ReactNode;
  onConfirm: () => void;
  danger?: boolean;
  pending?: boolean;
  /** More to read or choose before confirming (a checkbox, a list). */
  children?: ReactNode;
  testId?: string;
}

/** Asks before something that cannot be undone; Cancel has the focus, so Enter never destroys. */
export function Confirm({ open, onOpenChange, title, description, confirm, onConfirm, danger, pending, children, testId }: Props) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={title} description={description} className="dialog-narrow" testId={testId}>
      <div className="dialog-body">
        {children}
        <div className="dialog-actions">
          <Button onClick={() => onOpenChange(false)} autoFocus data-testid={testId ? `${testId}-cancel` : undefined}>
            Cancel
          </Button>
          <Button variant={danger ? "danger-solid" : "primary"} disabled={pending} onClick={onConfirm} data-testid={testId ? `${testId}-confirm` : undefined}>
            {confirm}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
