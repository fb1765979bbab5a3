import { afterEach, describe, expect, it } from "vitest";

import { guardFileDrops } from "./fileDrops";

/** A drag event as WebKit sends it (jsdom has no DataTransfer): `types` says what it carries. */
function drag(type: "dragover" | "drop", types: string[]) {
  const e = new Event(type, { bubbles: true, cancelable: true });
  Object.defineProperty(e, "dataTransfer", { value: { types, dropEffect: "copy" } });
  return e as Event & { dataTransfer: { dropEffect: string } };
}

describe("files dropped outside the prompt box", () => {
  let remove = () => {};
  afterEach(() => remove());

  it("are cancelled (WebKit would open the file in place of the app) and shown as no drop", () => {
    remove = guardFileDrops(window);
    const over = drag("dragover", ["Files"]);
    document.body.dispatchEvent(over);
    expect([over.defaultPrevented, over.dataTransfer.dropEffect]).toEqual([true, "none"]);
    const drop = drag("drop", ["Files"]);
    document.body.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true);
  });

  it("leave other drags (a column moved by its grip) and drops a view took alone", () => {
    remove = guardFileDrops(window);
    const column = drag("dragover", ["text/plain"]);
    document.body.dispatchEvent(column);
    expect(column.defaultPrevented).toBe(false);
    // The prompt box took the files: it said so by cancelling first; its drop effect stays.
    const box = document.createElement("div");
    document.body.append(box);
    box.addEventListener("dragover", (e) => e.preventDefault());
    const taken = drag("dragover", ["Files"]);
    box.dispatchEvent(taken);
    expect(taken.dataTransfer.dropEffect).toBe("copy");
    box.remove();
  });
});
