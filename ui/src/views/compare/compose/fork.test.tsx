// Fork: a comparison back in the composer, as it was sent, to change and send as a new one.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { ComparisonRecord, SlotRecord } from "../../../backend";
import { BLANK_COLUMN } from "../../../params";
import { pickLabel } from "../../../targets";
import { renderApp } from "../../../test/renderApp";
import { draftStoreOf } from "./draftStore";
import { forkOf, pickOfSlot } from "./fork";

const slot = (index: number, over: Partial<SlotRecord>): SlotRecord => ({ index, variant: 0, row: 0, repeat: 0, prompt: null, provider: "openrouter", model: "m", messages: [], ...over }) as SlotRecord;

describe("a fork", () => {
  it("takes the models once each in column order, the variants' texts and the runs", () => {
    const c = {
      id: "c", title: "t", prompt: "Explain {{x}}", system: "Be brief.", created_at_ms: 0, parent_id: null, tags: [], notes: "", votes: [],
      slots: [
        slot(0, { model: "a/one", repeat: 0 }),
        slot(1, { model: "a/one", repeat: 1 }),
        slot(2, { provider: "compatible:lab", model: "b/two", repeat: 0 }),
        slot(3, { provider: "compatible:lab", model: "b/two", repeat: 1 }),
        slot(4, { model: "a/one", variant: 1, prompt: "Explain x to a child" }),
        slot(5, { provider: "compatible:lab", model: "b/two", variant: 1, prompt: "Explain x to a child" }),
      ],
    } as ComparisonRecord;
    const f = forkOf(c, [BLANK_COLUMN, BLANK_COLUMN]);
    expect(f.picks.map(pickLabel)).toEqual(["a/one", "lab:b/two"]);
    expect(f.prompt).toBe("Explain {{x}}");
    expect(f.draft).toMatchObject({ system: "Be brief.", systemOpen: true, variants: [{ name: "B", text: "Explain x to a child" }], repeats: 2, same: true, columns: [BLANK_COLUMN], paramsOpen: false });
    expect(pickOfSlot({ provider: "compatible:lab", model: "b/two" })).toEqual({ provider: "compatible", endpoint: "lab", model: "b/two" });
    expect(f.draft.attachments).toEqual([]);
  });

  it("brings the prompt's files back by name (the engine finds their bytes in history)", () => {
    const file = { name: "chart.png", media_type: "image/png", kind: "image" as const, size: 16, sha256: "ab" };
    const asked = { role: "user" as const, content: "What is this?", attachments: [file] };
    const c = { id: "c", title: "t", prompt: "What is this?", system: null, created_at_ms: 0, parent_id: null, tags: [], notes: "", votes: [], slots: [slot(0, { model: "a", messages: [asked] })] } as ComparisonRecord;
    expect(forkOf(c, [BLANK_COLUMN]).draft.attachments).toEqual([file]);
  });

  it("keeps one row per model when their parameters differ", () => {
    const c = { id: "c", title: "t", prompt: "p", system: null, created_at_ms: 0, parent_id: null, tags: [], notes: "", votes: [], slots: [slot(0, { model: "a" }), slot(1, { model: "b" })] } as ComparisonRecord;
    const hot = { ...BLANK_COLUMN, temperature: "1.2" };
    const f = forkOf(c, [BLANK_COLUMN, hot]);
    expect(f.draft).toMatchObject({ same: false, columns: [BLANK_COLUMN, hot], paramsOpen: true, system: "", systemOpen: false, variants: [], repeats: 1 });
  });

  it("from a saved comparison: the prompt box, the picks and the parameters as sent; the comparison stays", async () => {
    const { services, router, backend } = await renderApp("/compare/sample-rayleigh");
    const record = await backend.getComparison("sample-rayleigh");
    fireEvent.click(await screen.findByTestId("fork"));
    await waitFor(() => expect(router.state.location.pathname).toBe("/compare"));
    const prompt = (await screen.findByTestId("prompt")) as HTMLTextAreaElement;
    expect(prompt.value).toBe("Why is the sky blue? Answer in two sentences.");
    await waitFor(() => expect(document.activeElement).toBe(prompt));
    expect(services.prefs.getState().picks.map(pickLabel)).toEqual(record.slots.map((s) => s.model));
    expect(draftStoreOf(services).getState()).toMatchObject({ same: true, repeats: 1, variants: [] });
    expect(within(screen.getByTestId("compare-view")).queryByTestId("folded-composer")).toBeNull();
    expect((await backend.getComparison("sample-rayleigh")).slots).toHaveLength(record.slots.length);
  });
});
