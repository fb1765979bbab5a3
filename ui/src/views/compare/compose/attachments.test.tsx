// Attached files in the composer: chosen, pasted or dropped, shown as chips with their kind and
// size, refused by name, removed, sent with the spec (bytes included) and said in the estimate;
// picks that cannot read them are warned about before sending.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { renderApp } from "../../../test/renderApp";
import { draftStoreOf, replaceFiles } from "./draftStore";
import { filesWarning } from "./warnings";

// A PNG's signature and header start (16 bytes), and a two-line text file (12 bytes).
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const png = (name = "chart.png") => new File([PNG], name, { type: "image/png" });
const text = () => new File(["first\nsecond"], "notes.md", { type: "text/markdown" });

async function composer() {
  const rendered = await renderApp("/compare", { delayScale: 0.2 });
  rendered.services.prefs.set("picks", [{ provider: "openrouter" as const, endpoint: null, model: "openai/gpt-4o-mini" }]);
  fireEvent.change(await screen.findByTestId("prompt"), { target: { value: "What is in these?" } });
  return rendered;
}

const chips = () => screen.queryAllByTestId("attachment").map((c) => [c.getAttribute("data-kind"), c.textContent]);

describe("attached files", () => {
  it("are chosen with Attach, shown with their kind and size, once each, and removed", async () => {
    await composer();
    const input = screen.getByTestId("attach-input");
    fireEvent.change(input, { target: { files: [png(), text()] } });
    await waitFor(() => expect(chips()).toEqual([["image", "chart.pngimage · 16 bytes"], ["text", "notes.mdtext · 12 bytes"]]));
    // An image shows itself; the Attach button counts the files.
    expect(within(screen.getAllByTestId("attachment")[0]!).getByRole("presentation", { hidden: true }).getAttribute("src")).toBe("data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==");
    expect(screen.getByTestId("attach").textContent?.trim()).toBe("Attach · 2");
    // The same bytes again are the same file.
    fireEvent.change(input, { target: { files: [png("copy.png")] } });
    await waitFor(() => expect(screen.getByTestId("attach").textContent?.trim()).toBe("Attach · 2"));
    fireEvent.click(within(screen.getAllByTestId("attachment")[0]!).getByTestId("attachment-remove"));
    expect(chips()).toEqual([["text", "notes.mdtext · 12 bytes"]]);
  });

  it("refuses a file models cannot read by name and keeps the others", async () => {
    await composer();
    const blob = new File([new Uint8Array([0, 159, 146, 150])], "blob.bin");
    fireEvent.change(screen.getByTestId("attach-input"), { target: { files: [blob, png()] } });
    expect((await screen.findByTestId("attach-error")).textContent).toBe("blob.bin is not a file a model can read: attach an image (PNG, JPEG, GIF or WebP), a PDF, or a UTF-8 text file");
    await waitFor(() => expect(chips()).toEqual([["image", "chart.pngimage · 16 bytes"]]));
  });

  it("are attached when pasted or dropped on the prompt, and pasted text stays text", async () => {
    await composer();
    const prompt = screen.getByTestId("prompt");
    fireEvent.paste(prompt, { clipboardData: { files: [png("image.png")], getData: () => "" } });
    // A pasted screenshot's generic name is replaced by one that says it was pasted.
    await waitFor(() => expect(chips()[0]?.[1]).toMatch(/^pasted-\d{6}\.pngimage · 16 bytes$/));
    fireEvent.drop(screen.getByTestId("prompt-box"), { dataTransfer: { files: [text()], types: ["Files"] } });
    await waitFor(() => expect(chips().length).toBe(2));
    fireEvent.paste(prompt, { clipboardData: { files: [], getData: () => "plain" } });
    expect(chips().length).toBe(2);
  });

  it("go with the spec, bytes included, and the estimate says what it allowed for them", async () => {
    const { backend } = await composer();
    const start = vi.spyOn(backend, "startComparison");
    fireEvent.change(screen.getByTestId("attach-input"), { target: { files: [png()] } });
    await waitFor(() => expect(chips().length).toBe(1));
    fireEvent.click(await screen.findByTestId("estimate"));
    expect((await screen.findByTestId("estimate-files")).textContent).toMatch(/^Each answer's tokens in include about 1,600 for the attached images and PDFs/);
    fireEvent.click(screen.getByTestId("send"));
    await waitFor(() => expect(start).toHaveBeenCalled());
    const spec = start.mock.calls[0]![0];
    expect(spec.attachments?.map((a) => [a.name, a.media_type, a.kind, a.size, a.data])).toEqual([["chart.png", "image/png", "image", 16, "iVBORw0KGgoAAAANSUhEUg=="]]);
  });
});

describe("attaching takes time", () => {
  it("refuses a file over 20 MB by its size, without reading it", async () => {
    const { backend } = await composer();
    const attach = vi.spyOn(backend, "attachFile");
    const film = new File([new Uint8Array(8)], "film.mp4", { type: "video/mp4" });
    Object.defineProperty(film, "size", { value: 21 * 1024 * 1024 });
    const read = vi.spyOn(film, "arrayBuffer");
    fireEvent.change(screen.getByTestId("attach-input"), { target: { files: [film] } });
    expect((await screen.findByTestId("attach-error")).textContent).toBe("film.mp4 is 21 MB; a file may be at most 20 MB");
    expect(read).not.toHaveBeenCalled();
    expect(attach).not.toHaveBeenCalled();
  });

  it("Send waits for a file still being attached, and a new comparison does not get it", async () => {
    const { backend, services } = await composer();
    const release: (() => void)[] = [];
    const real = backend.attachFile.bind(backend);
    vi.spyOn(backend, "attachFile").mockImplementation((name, data) => new Promise((done) => release.push(() => done(real(name, data)))));
    const start = vi.spyOn(backend, "startComparison");
    fireEvent.change(screen.getByTestId("attach-input"), { target: { files: [png()] } });
    await waitFor(() => expect(release.length).toBe(1));
    const send = screen.getByTestId("send") as HTMLButtonElement;
    expect([send.disabled, send.textContent]).toEqual([true, "Attaching…"]);
    release[0]!();
    await waitFor(() => expect(chips().length).toBe(1));
    expect(send.disabled).toBe(false);
    expect(start).not.toHaveBeenCalled();

    // A file still being read when the draft's files are replaced is dropped, not added.
    fireEvent.change(screen.getByTestId("attach-input"), { target: { files: [text()] } });
    await waitFor(() => expect(release.length).toBe(2));
    replaceFiles(draftStoreOf(services));
    release[1]!();
    await new Promise((r) => setTimeout(r, 50));
    expect(chips()).toEqual([]);
    expect((screen.getByTestId("send") as HTMLButtonElement).disabled).toBe(false);
  });
});

describe("with a keyboard and a screen reader", () => {
  it("says each file attached and removed, and removing a chip leaves the focus on the next one, then on the prompt", async () => {
    await composer();
    const notice = screen.getByTestId("attach-notice");
    expect([notice.getAttribute("role"), notice.textContent]).toEqual(["status", ""]);
    fireEvent.change(screen.getByTestId("attach-input"), { target: { files: [png(), text()] } });
    await waitFor(() => expect(chips().length).toBe(2));
    expect(notice.textContent).toBe("Attached chart.png, image, 16 bytes; notes.md, text, 12 bytes.");
    const removeButtons = () => screen.getAllByTestId("attachment-remove");
    removeButtons()[0]!.focus();
    fireEvent.click(removeButtons()[0]!);
    expect(notice.textContent).toBe("Removed chart.png.");
    // The chip that took its place has the focus, so a second press removes it too.
    expect(document.activeElement).toBe(removeButtons()[0]);
    expect(document.activeElement?.getAttribute("aria-label")).toBe("Remove notes.md");
    fireEvent.click(removeButtons()[0]!);
    expect(chips()).toEqual([]);
    expect(document.activeElement).toBe(screen.getByTestId("prompt"));
    expect(notice.textContent).toBe("Removed notes.md.");
  });

  it("keeps the drop outline while the files cross the prompt box's own parts", async () => {
    await composer();
    const box = screen.getByTestId("prompt-box");
    const files = { dataTransfer: { files: [], types: ["Files"] } };
    fireEvent.dragEnter(box, files);
    fireEvent.dragOver(box, files);
    expect(box.className).toContain("dropping");
    // Into the prompt (a child): the box's leave comes after the child's enter.
    fireEvent.dragEnter(screen.getByTestId("prompt"), files);
    fireEvent.dragLeave(box, files);
    expect(box.className).toContain("dropping");
    fireEvent.dragLeave(screen.getByTestId("prompt"), files);
    expect(box.className).not.toContain("dropping");
    // Text dragged over it is not a file drop.
    fireEvent.dragEnter(box, { dataTransfer: { files: [], types: ["text/plain"] } });
    expect(box.className).not.toContain("dropping");
  });
});

describe("a follow-up's files", () => {
  it("go with the follow-up only, bytes included, and leave the composer's draft alone", async () => {
    const { backend, services } = await composer();
    fireEvent.change(screen.getByTestId("attach-input"), { target: { files: [text()] } });
    await waitFor(() => expect(chips().length).toBe(1));
    fireEvent.click(screen.getByTestId("send"));
    await waitFor(() => expect(services.run.getState().finished).toBe(true), { timeout: 5000 });
    // The draft's file went with the first question; the follow-up field starts with none.
    const bar = screen.getByTestId("follow-up");
    expect(within(bar).queryAllByTestId("attachment")).toEqual([]);
    const follow = vi.spyOn(backend, "followUp");
    fireEvent.paste(screen.getByTestId("follow-up-input"), { clipboardData: { files: [png("image.png")], getData: () => "" } });
    await waitFor(() => expect(within(bar).getAllByTestId("attachment").length).toBe(1));
    expect(within(bar).getByTestId("follow-up-attach").textContent?.trim()).toBe("Attach · 1");
    fireEvent.drop(bar, { dataTransfer: { files: [png("second.png")], types: ["Files"] } });
    // The same bytes are the same file: still one.
    await new Promise((r) => setTimeout(r, 50));
    expect(within(bar).getAllByTestId("attachment").length).toBe(1);
    fireEvent.change(screen.getByTestId("follow-up-input"), { target: { value: "And this chart?" } });
    fireEvent.click(screen.getByTestId("follow-up-all"));
    await waitFor(() => expect(follow).toHaveBeenCalled());
    const [, prompt, slots, , files] = follow.mock.calls[0]!;
    expect([prompt, slots]).toEqual(["And this chart?", []]);
    expect(files?.map((a) => [a.media_type, a.size, a.data])).toEqual([["image/png", 16, "iVBORw0KGgoAAAANSUhEUg=="]]);
    // Sent: the follow-up's tray is empty again; the thread names the file under the new turn.
    await waitFor(() => expect(services.run.getState().finished).toBe(true), { timeout: 5000 });
    expect(within(screen.getByTestId("follow-up")).queryAllByTestId("attachment")).toEqual([]);
    const asked = services.run.getState().slots[0]!.messages.at(-1)!;
    expect([asked.content, asked.attachments?.map((a) => a.media_type)]).toEqual(["And this chart?", ["image/png"]]);
    expect(draftStoreOf(services).getState().attachments.map((a) => a.name)).toEqual(["notes.md"]);
  });
});

describe("the files warning", () => {
  const image = [{ kind: "image" as const }];
  const pdf = [{ kind: "pdf" as const }];
  const model = (input: string[]) => ({ input_modalities: input }) as never;
  it("names a pick whose catalog lists no image input, and PDFs where the provider takes none", () => {
    const picks = [
      { label: "a/text", provider: "openrouter" as const },
      { label: "a/vision", provider: "openrouter" as const },
      { label: "ollama:llava", provider: "ollama" as const },
    ];
    expect(filesWarning(image, picks, [model(["text"]), model(["text", "image"]), undefined])?.text).toBe("The attached files cannot go to a/text (no image input in its catalog entry): its column would fail.");
    expect(filesWarning(pdf, picks, [model(["text"]), model(["text", "image"]), undefined])?.text).toBe("The attached files cannot go to ollama:llava (Ollama reads images only): its column would fail.");
    // A model whose catalog says nothing is let try; text files go everywhere.
    expect(filesWarning(image, picks.slice(2), [undefined])).toBeNull();
    expect(filesWarning([{ kind: "text" }], picks, [model(["text"]), undefined, undefined])).toBeNull();
  });
});
