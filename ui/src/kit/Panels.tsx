import type { ReactNode } from "react";
import { Group, Panel as RPanel, Separator, usePanelRef, type Layout, type PanelProps } from "react-resizable-panels";

export type { Layout };
/** A handle to fold (collapse), unfold or resize one panel from code. */
export { usePanelRef };

interface Props {
  /** Names the layout (and its saved sizes). */
  id: string;
  children: ReactNode;
  /** Sizes in percent by panel id, as saved; the panels' defaults when absent. */
  layout?: Layout;
  /** Called when the person finished dragging (or used the arrow keys on a handle). */
  onLayout?: (layout: Layout) => void;
  orientation?: "horizontal" | "vertical";
  className?: string;
}

/** Side-by-side (or stacked) panels the person can resize; the handle takes the keyboard too. */
export function Panels({ id, children, layout, onLayout, orientation = "horizontal", className }: Props) {
  return (
    <Group
      id={id}
      orientation={orientation}
      className={className ? `panels ${className}` : "panels"}
      defaultLayout={layout}
      onLayoutChanged={(l, meta) => {
        if (meta.isUserInteraction) onLayout?.(l);
      }}
    >
      {children}
    </Group>
  );
}

export function Panel({ className, ...rest }: PanelProps) {
  return <RPanel className={className ? `panel ${className}` : "panel"} {...rest} />;
}

/** The line between two panels; `orientation` is the group's (a vertical group has a horizontal line). */
export function PanelHandle({ label, orientation = "horizontal" }: { label: string; orientation?: "horizontal" | "vertical" }) {
  return <Separator className={orientation === "vertical" ? "panel-handle panel-handle-row" : "panel-handle"} aria-label={label} />;
}
