import { forwardRef, type ReactNode } from "react";

import { Button, type ButtonProps } from "./Button";
import { cx } from "./cx";
import { Tooltip } from "./Tooltip";

interface Props extends Omit<ButtonProps, "children"> {
  /** The accessible name, also shown as the tooltip. */
  label: string;
  icon: ReactNode;
  tooltipSide?: "top" | "right" | "bottom" | "left";
}

/** A square button that shows only an icon; its label is its name and its tooltip. */
export const IconButton = forwardRef<HTMLButtonElement, Props>(function IconButton(
  { label, icon, tooltipSide = "top", variant = "ghost", className, ...rest },
  ref,
) {
  return (
    <Tooltip content={label} side={tooltipSide}>
      <Button ref={ref} aria-label={label} variant={variant} className={cx("icon-btn", className)} {...rest}>
        {icon}
      </Button>
    </Tooltip>
  );
});
