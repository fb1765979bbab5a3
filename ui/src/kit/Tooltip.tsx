// Tooltips: one popup for the whole app, many triggers.
//
// Why one: a Base UI tooltip root per button (its store, its floating-ui hooks, its portal) is
// work for every button drawn; sixteen columns' heads held three each when Send drew them (a build
// without tooltips or menus drew that frame ~40 ms sooner; BENCHMARKS.md, "One tooltip, one
// menu"). Detached triggers (Base UI's `createHandle`) share a single root that
// `TooltipProvider` mounts; a trigger carries its text as the payload. The triggers still cost:
// alone, this change measured within the noise.
//
// Invariant: a `Tooltip` outside a `TooltipProvider` still renders its button (no tooltip shows).
import { Tooltip as Base } from "@base-ui/react/tooltip";
import type { ReactElement, ReactNode } from "react";

type Side = "top" | "right" | "bottom" | "left";

interface Tip {
  content: ReactNode;
  side: Side;
}

const tips = Base.createHandle<Tip>();

/** The delay group of the app's tooltips, and their one popup. */
export function TooltipProvider({ delay, children }: { delay?: number; children: ReactNode }) {
  return (
    <Base.Provider delay={delay}>
      {children}
      <Base.Root handle={tips}>
        {({ payload }) => (
          <Base.Portal>
            <Base.Positioner side={payload?.side ?? "top"} sideOffset={8} className="positioner">
              <Base.Popup className="tooltip">{payload?.content}</Base.Popup>
            </Base.Positioner>
          </Base.Portal>
        )}
      </Base.Root>
    </Base.Provider>
  );
}

interface Props {
  content: ReactNode;
  /** The element the tooltip describes; it must accept a ref and props (a button, a link). */
  children: ReactElement;
  side?: Side;
  /** When false the tooltip is not shown (e.g. the label is already visible). */
  enabled?: boolean;
}

export function Tooltip({ content, children, side = "top", enabled = true }: Props) {
  if (!enabled) return children;
  return <Base.Trigger handle={tips} payload={{ content, side }} render={children} />;
}
