// /welcome: the first-run screen as a room of its own, reachable at any time from Settings and
// the palette ("Getting started").
import { FirstRun } from "./FirstRun";

export function WelcomeView() {
  return (
    <div className="welcome-room" data-testid="welcome-view">
      <FirstRun />
    </div>
  );
}
