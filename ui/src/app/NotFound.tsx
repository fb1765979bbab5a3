import { Link } from "@tanstack/react-router";

import { EmptyState } from "../kit";

export function NotFound() {
  return (
    <EmptyState title="Nothing here" testId="not-found">
      <p>This address is not a place in Parallax.</p>
      <Link to="/compare">Go to Compare</Link>
    </EmptyState>
  );
}
