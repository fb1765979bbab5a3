// The first way in, and the one that always works: the demo models built into the app (no key,
// no network). One click starts a three-column comparison; a second shows how failures look.
import { FlaskConical, Play } from "lucide-react";
import { useState } from "react";

import { Badge, Button } from "../../kit";
import { DEMO_FAILURES, DEMO_TRIO, useFirstRunActions } from "./actions";

export function DemoCard() {
  const { startDemo } = useFirstRunActions();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const start = (ids: string[]) => {
    setBusy(true);
    setError(null);
    startDemo(ids).then(
      () => setBusy(false),
      (e: unknown) => {
        setBusy(false);
        setError(e instanceof Error ? e.message : String(e));
      },
    );
  };
  return (
    <article className="first-run-card primary" data-testid="welcome-demo" aria-labelledby="welcome-demo-title">
      <header className="first-run-card-head">
        <FlaskConical size={18} aria-hidden className="first-run-icon" />
        <h3 id="welcome-demo-title">Try the built-in demo models</h3>
      </header>
      <p className="first-run-tag">
        <Badge tone="warn" className="badge-sm">
          demo
        </Badge>{" "}
        Made-up answers and prices, no key needed.
      </p>
      <p className="small">
        Asks a fast, a medium and a slow demo model the same question and streams the three answers side by side, with the time to first
        token, speed, tokens and cost under each. Nothing leaves this machine.
      </p>
      <div className="first-run-actions">
        <Button variant="primary" onClick={() => start(DEMO_TRIO)} disabled={busy} data-testid="welcome-try-demo">
          <Play size={14} aria-hidden />
          {busy ? "Starting…" : "Try the demo models"}
        </Button>
      </div>
      <p className="small muted">
        <button type="button" className="link-button" onClick={() => start(DEMO_FAILURES)} disabled={busy} data-testid="welcome-demo-failures">
          See how failures look
        </button>
        : a refused key, an error mid-answer and a token limit, beside an answer that works.
      </p>
      {error && (
        <p className="form-error small" role="alert" data-testid="welcome-demo-error">
          {error}
        </p>
      )}
    </article>
  );
}
