import { Tooltip as Base } from "@base-ui/react/tooltip";
import type { ReactElement, ReactNode } from "react";

export const TooltipProvider = Base.Provider;

interface Props {
  content: ReactNode;
  /** The element the tooltip describes; it must accept a ref and props (a button, a link). */
  children: ReactElement;
  side?: "top" | "right" | "bottom" | "left";
  /** When false the tooltip is not shown (e.g. the label is already visible). */
  enabled?: boolean;
}

export function Tooltip({ content, children, side = "top", enabled = true }: Props) {
  if (!enabled) return children;
  return (
    <Base.Root>
      <Base.Trigger render={children} />
      <Base.Portal>
        <Base.Positioner side={side} sideOffset={8} className="positioner">
          <Base.Popup className="tooltip">{content}</Base.Popup>
        </Base.Positioner>
      </Base.Portal>
    </Base.Root>
  );
}
