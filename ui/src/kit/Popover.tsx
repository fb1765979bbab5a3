import { Popover as Base } from "@base-ui/react/popover";
import type { ReactElement, ReactNode } from "react";

interface Props {
  trigger: ReactElement;
  title?: ReactNode;
  children: ReactNode;
  side?: "top" | "right" | "bottom" | "left";
  align?: "start" | "center" | "end";
  testId?: string;
}

/** Details on demand next to the control that opened them; Esc or a click outside closes. */
export function Popover({ trigger, title, children, side = "bottom", align = "center", testId }: Props) {
  return (
    <Base.Root>
      <Base.Trigger render={trigger} />
      <Base.Portal>
        <Base.Positioner side={side} align={align} sideOffset={8} className="positioner">
          <Base.Popup className="popover" data-testid={testId}>
            {title && <Base.Title className="popover-title">{title}</Base.Title>}
            {children}
          </Base.Popup>
        </Base.Positioner>
      </Base.Portal>
    </Base.Root>
  );
}
