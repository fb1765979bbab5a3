// The first-run screen: three ways to a first comparison, each one click from answers side by
// side — the built-in demo models, a key, or a model server on this machine. Shown in Compare
// while the history is empty (until hidden), and always at /welcome (Settings, the palette).
import { X } from "lucide-react";

import { usePrefs, useServices } from "../../app/services";
import { Button, cx } from "../../kit";
import { DemoCard } from "./DemoCard";
import { KeyCard } from "./KeyCard";
import { LocalCard } from "./LocalCard";

export function FirstRun({ embedded = false }: { embedded?: boolean }) {
  const { prefs } = useServices();
  const dismissed = usePrefs((s) => s.welcomeDismissed);
  const Title = embedded ? "h2" : "h1";
  return (
    <section className={cx("first-run", embedded && "embedded")} data-testid="welcome" aria-labelledby="welcome-title">
      <header className="first-run-head">
        <div>
          <Title id="welcome-title">Getting started</Title>
          <p className="muted">Three ways to a first comparison. Pick one: each is a click away from answers side by side.</p>
        </div>
        {embedded ? (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => prefs.set("welcomeDismissed", true)}
            title="Hide from Compare; it stays in Settings and the palette (Getting started)"
            data-testid="welcome-hide"
          >
            <X size={14} aria-hidden /> Hide
          </Button>
        ) : (
          dismissed && (
            <p className="small muted">
              Hidden from Compare ·{" "}
              <button type="button" className="link-button" onClick={() => prefs.set("welcomeDismissed", false)} data-testid="welcome-unhide">
                Show it there again
              </button>
            </p>
          )
        )}
      </header>
      <div className="first-run-cards">
        <DemoCard />
        <KeyCard />
        <LocalCard />
      </div>
    </section>
  );
}
