import { forwardRef, type ButtonHTMLAttributes } from "react";

import { cx } from "./cx";

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: "primary" | "secondary" | "ghost" | "danger" | "danger-solid";
  size?: "sm" | "md";
}

/** A button; `secondary` unless said otherwise, and never a form submit unless asked. */
export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  { variant = "secondary", size = "md", type = "button", className, ...rest },
  ref,
) {
  return <button ref={ref} type={type} className={cx("btn", `btn-${variant}`, size === "sm" && "btn-sm", className)} {...rest} />;
});
