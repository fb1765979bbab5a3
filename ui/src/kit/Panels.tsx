import type { ReactNode, Ref } from "react";
import { Group, Panel as RPanel, Separator, useGroupRef, usePanelRef, type GroupImperativeHandle, type Layout, type PanelProps } from "react-resizable-panels";

export type { GroupImperativeHandle, Layout };
/** A handle to fold (collapse), unfold or resize one panel from code; `useGroupRef` the same
 * for a whole group's sizes. */
export { useGroupRef, usePanelRef };

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
  /** Reads and sets every panel's size from code (e.g. widths that follow a moved column). */
  groupRef?: Ref<GroupImperativeHandle | null>;
}

/** Side-by-side (or stacked) panels the person can resize; the handle takes the keyboard too. */
export function Panels({ id, children, layout, onLayout, orientation = "horizontal", className, groupRef }: Props) {
  return (
    <Group
      id={id}
      groupRef={groupRef}
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
