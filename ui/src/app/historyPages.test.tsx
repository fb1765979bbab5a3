// History's pages when the row a next page starts after is deleted meanwhile (the CLI deleted
// it, or a delete's undo window ended as the list scrolled): the list is read again from the
// top and goes on, instead of ending there or repeating its first page.
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";

import type { ComparisonRecord } from "../backend";
import { createFakeBackend } from "../backend/fake";
import { useHistoryPages } from "./queries";
import { createServices, ServicesProvider } from "./services";

const comparison = (i: number): ComparisonRecord => ({
  id: `c${String(i).padStart(3, "0")}`,
  title: `Question ${i}`,
  prompt: `Question ${i}`,
  system: null,
  created_at_ms: 1_793_491_200_000 - i * 60_000,
  parent_id: null,
  slots: [],
  tags: [],
  notes: "",
  votes: [],
});

describe("history pages", () => {
  it("a deleted cursor: the list is read again and continues past it, no row lost or repeated", async () => {
    // 120 comparisons, newest first: pages of 50 (the fake's page) are c000–c049, c050–c099, …
    const backend = createFakeBackend({ delayScale: 0.01, history: Array.from({ length: 120 }, (_, i) => comparison(i)) });
    const services = createServices(backend);
    const wrapper = ({ children }: { children: ReactNode }) => <ServicesProvider services={services}>{children}</ServicesProvider>;
    const { result } = renderHook(() => useHistoryPages(null), { wrapper });
    await waitFor(() => expect(result.current.data?.pages[0]).toHaveLength(50));
    // c049 — the cursor of the next page — is deleted from outside before that page is read.
    await backend.deleteComparison("c049");
    await act(() => result.current.fetchNextPage());
    const expected = Array.from({ length: 100 }, (_, i) => comparison(i < 49 ? i : i + 1).id);
    await waitFor(() => expect(result.current.data?.pages.flat().map((c) => c.id)).toEqual(expected));
    expect(result.current.error).toBeNull();
    expect(result.current.hasNextPage).toBe(true);
    await act(() => result.current.fetchNextPage());
    // c050 … c119 less the deleted one: 119 in all.
    await waitFor(() => expect(result.current.data?.pages.flat()).toHaveLength(119));
    expect(result.current.hasNextPage).toBe(false);
  });
});
