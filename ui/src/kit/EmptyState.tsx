import type { ReactNode } from "react";

/** What a place is for when it has nothing to show yet, and what to do about it. */
export function EmptyState({ icon, title, children, testId }: { icon?: ReactNode; title: ReactNode; children?: ReactNode; testId?: string }) {
  return (
    <div className="empty-state" data-testid={testId}>
      {icon && <div className="empty-icon" aria-hidden>{icon}</div>}
      <p className="empty-title">{title}</p>
      {children && <div className="empty-body">{children}</div>}
    </div>
  );
}
