// The component kit: Base UI primitives (dialog, menu, popover, tooltip, tabs), sonner toasts and
// react-resizable-panels, styled with the design tokens in kit.css. Views use these, not the
// libraries directly, so the look and the behaviour stay one.
export { Badge, type Tone } from "./Badge";
export { Button, type ButtonProps } from "./Button";
export { Confirm } from "./Confirm";
export { cx } from "./cx";
export { Dialog } from "./Dialog";
export { EmptyState } from "./EmptyState";
export { Field, InlineStatus } from "./Field";
export { IconButton } from "./IconButton";
export { Kbd } from "./Kbd";
export { createMenuHandle, Menu, MenuHost, MenuItem, MenuLabel, MenuRadioGroup, MenuRadioItem, MenuSeparator, MenuTrigger, type MenuHandle } from "./Menu";
export { Panel, PanelHandle, Panels, useGroupRef, usePanelRef, type Layout } from "./Panels";
export { Popover } from "./Popover";
export { Tabs, type TabDef } from "./Tabs";
export { Toaster, toast } from "./toast";
export { Tooltip, TooltipProvider } from "./Tooltip";
export { useVirtualRows, type Slice } from "./useVirtualRows";
