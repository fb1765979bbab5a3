import { Menu as Base } from "@base-ui/react/menu";
import { Check } from "lucide-react";
import type { ReactElement, ReactNode } from "react";

interface MenuProps {
  /** The button that opens the menu. */
  trigger: ReactElement;
  children: ReactNode;
  side?: "top" | "right" | "bottom" | "left";
  align?: "start" | "center" | "end";
}

/** A dropdown menu: arrow keys move, Enter picks, Esc closes and returns focus to the trigger. */
export function Menu({ trigger, children, side = "bottom", align = "start" }: MenuProps) {
  return (
    <Base.Root>
      <Base.Trigger render={trigger} />
      <Base.Portal>
        <Base.Positioner side={side} align={align} sideOffset={6} className="positioner">
          <Base.Popup className="menu">{children}</Base.Popup>
        </Base.Positioner>
      </Base.Portal>
    </Base.Root>
  );
}

/** What several detached triggers share: one menu, drawn for the trigger that opened it. */
export type MenuHandle<P> = ReturnType<typeof Base.createHandle<P>>;
export const createMenuHandle = <P,>(): MenuHandle<P> => Base.createHandle<P>();

/**
 * A button opening the menu that `handle` holds (mounted once by a `MenuHost`), about `payload`.
 * Why: a menu root per button (its store, its floating-ui hooks, its portal) is work for every
 * button drawn, where a button repeats (sixteen answer columns' menus, drawn by one click on Send).
 */
export function MenuTrigger<P>({ handle, payload, trigger }: { handle: MenuHandle<P>; payload: P; trigger: ReactElement }) {
  return <Base.Trigger handle={handle} payload={payload} render={trigger} />;
}

/** The one menu of `handle`'s triggers, its items drawn for the payload of the one that opened it. */
export function MenuHost<P>({ handle, children, side = "bottom", align = "start" }: { handle: MenuHandle<P>; children: (payload: P) => ReactNode; side?: MenuProps["side"]; align?: MenuProps["align"] }) {
  return (
    <Base.Root handle={handle}>
      {({ payload }) => (
        <Base.Portal>
          <Base.Positioner side={side} align={align} sideOffset={6} className="positioner">
            <Base.Popup className="menu">{payload !== undefined && children(payload)}</Base.Popup>
          </Base.Positioner>
        </Base.Portal>
      )}
    </Base.Root>
  );
}

export function MenuItem({ children, onClick, testId }: { children: ReactNode; onClick: () => void; testId?: string }) {
  return (
    <Base.Item className="menu-item" onClick={onClick} data-testid={testId}>
      {children}
    </Base.Item>
  );
}

export const MenuSeparator = () => <Base.Separator className="menu-separator" />;
export const MenuLabel = ({ children }: { children: ReactNode }) => (
  <Base.Group>
    <Base.GroupLabel className="menu-label">{children}</Base.GroupLabel>
  </Base.Group>
);

export function MenuRadioGroup<T extends string>({ value, onChange, children }: { value: T; onChange: (v: T) => void; children: ReactNode }) {
  return (
    <Base.RadioGroup value={value} onValueChange={(v: T) => onChange(v)}>
      {children}
    </Base.RadioGroup>
  );
}

export function MenuRadioItem({ value, children, testId }: { value: string; children: ReactNode; testId?: string }) {
  return (
    <Base.RadioItem value={value} className="menu-item" data-testid={testId} closeOnClick>
      <span className="menu-check">
        <Base.RadioItemIndicator>
          <Check size={14} aria-hidden />
        </Base.RadioItemIndicator>
      </span>
      {children}
    </Base.RadioItem>
  );
}
