// Links in answers never navigate the webview: a click asks first, naming the URL, then opens it
// in the system browser through the backend (`open_url`: http and https only, checked again in
// Rust). Provides LinkContext to every answer below it.
import { useState, type ReactNode } from "react";

import { useServices } from "../../../app/services";
import { Confirm, toast } from "../../../kit";
import { LinkContext } from "../../../markdown/render";

export function LinkGuard({ children }: { children: ReactNode }) {
  const { backend } = useServices();
  const [url, setUrl] = useState<string | null>(null);
  const open = () => {
    const u = url;
    setUrl(null);
    if (!u) return;
    backend.openUrl(u).catch((e: unknown) => toast.error(`The link could not be opened: ${e instanceof Error ? e.message : String(e)}`));
  };
  return (
    <LinkContext.Provider value={setUrl}>
      {children}
      <Confirm
        open={url !== null}
        onOpenChange={(o) => !o && setUrl(null)}
        title="Open this link in your browser?"
        description="A model wrote this link: check where it goes before opening it."
        confirm="Open in browser"
        onConfirm={open}
        testId="link-confirm"
      >
        <p className="link-confirm-url" data-testid="link-confirm-url">
          {url}
        </p>
      </Confirm>
    </LinkContext.Provider>
  );
}
