// Toasts are for results that arrive in the background (a run finished while you were elsewhere).
// Anything caused by a control is said next to that control instead (Field, InlineStatus).
import { Toaster as Sonner, toast } from "sonner";
import "sonner/dist/styles.css";

export { toast };

export function Toaster({ theme }: { theme: "light" | "dark" }) {
  return <Sonner theme={theme} position="bottom-right" closeButton toastOptions={{ className: "toast" }} />;
}
