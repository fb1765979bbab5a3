// Files dropped anywhere but where a view takes them (the prompt box) do nothing.
//
// Why: Tauri's own drag-and-drop is off (`dragDropEnabled: false`, so the page gets the prompt
// box's drop with the files), and then WebKit's default for a file dropped on the page is to
// open it in the window — the app replaced by the file, a running comparison and the draft with
// it. Invariant: a drop a view handled (it called preventDefault) is left alone; any other drag
// carrying files shows "no drop" and its drop is cancelled.

function carriesFiles(e: DragEvent): boolean {
  return !!e.dataTransfer && Array.from(e.dataTransfer.types).includes("Files");
}

/** Installs the guard on `target` (the window); returns its removal. */
export function guardFileDrops(target: Window | HTMLElement): () => void {
  const over = (ev: Event) => {
    const e = ev as DragEvent;
    if (e.defaultPrevented || !carriesFiles(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = "none";
  };
  const drop = (ev: Event) => {
    const e = ev as DragEvent;
    if (carriesFiles(e)) e.preventDefault();
  };
  target.addEventListener("dragover", over);
  target.addEventListener("drop", drop);
  return () => {
    target.removeEventListener("dragover", over);
    target.removeEventListener("drop", drop);
  };
}
