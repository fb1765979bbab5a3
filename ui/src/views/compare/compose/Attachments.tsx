// Files sent with the prompt: chosen with the Attach button, pasted into the prompt (a
// screenshot) or dropped on the prompt box. The page reads each file and asks the backend what
// it is (`attach_file`: kind, size and hash from its bytes, refused by name when it cannot be
// sent); a tray (the composer's draft, or the follow-up field's own) keeps the answer with the
// bytes (base64) for the spec. Shown as chips under the prompt: a thumbnail for an image, the
// name, the kind and the size, and a remove button.
// Invariants: a file is attached once (by hash); a refusal is said under the chips, names the
// file and keeps the others; each file attached or removed is said to a screen reader, and
// removing a chip leaves the focus on the next chip (or the field); nothing here decides which
// model reads what (warnings.ts does).
import "./compose.css";

import { FileText, Image as ImageIcon, Paperclip, X } from "lucide-react";
import { type DragEvent, useLayoutEffect, useRef, useState } from "react";
import { useStore } from "zustand";
import type { StoreApi } from "zustand/vanilla";

import type { Attachment, BackendError } from "../../../backend";
import { useServices } from "../../../app/services";
import { formatBytes } from "../../../format";
import { Button } from "../../../kit";
import { type FileTray, useDraftStore } from "./draftStore";

/** The bytes of a file as base64, in slices (one `btoa` of 20 MB of characters would be slow). */
export async function base64Of(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let out = "";
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) out += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(out);
}

/** The most a file may weigh (the backend's MAX_ATTACHMENT_BYTES): larger ones are refused
 * before the page reads them, so a dropped video never fills the page's memory. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** The composer's tray unless another is given (the follow-up field's). */
function useTray(tray?: StoreApi<FileTray>): StoreApi<FileTray> {
  const draft = useDraftStore();
  return tray ?? draft;
}

const KIND_LABEL: Record<Attachment["kind"], string> = { image: "image", pdf: "PDF", text: "text" };

/** Attaches files to a tray (the draft by default); returns when each has been read and
 * checked. While it runs the tray counts them in `attaching` (Send waits); a tray replaced
 * meanwhile does not get them. */
export function useAttach(tray?: StoreApi<FileTray>): (files: Iterable<File>) => Promise<void> {
  const { backend } = useServices();
  const draft = useTray(tray);
  return async (iterable) => {
    const files = [...iterable];
    const epoch = draft.getState().attachEpoch;
    const current = () => draft.getState().attachEpoch === epoch;
    const errors: string[] = [];
    const added: string[] = [];
    draft.setState((s) => ({ attaching: s.attaching + files.length }));
    for (const f of files) {
      // A pasted screenshot has a generic name: say what it is.
      const name = f.name && f.name !== "image.png" ? f.name : `pasted-${new Date().toISOString().slice(11, 19).replace(/:/g, "")}.${f.type.split("/")[1] ?? "png"}`;
      try {
        if (f.size > MAX_FILE_BYTES) {
          errors.push(`${name} is ${formatBytes(f.size)}; a file may be at most ${formatBytes(MAX_FILE_BYTES)}`);
          continue;
        }
        const data = await base64Of(f);
        const meta = await backend.attachFile(name, data);
        const had = draft.getState().attachments;
        if (current() && !had.some((a) => a.sha256 === meta.sha256)) {
          draft.setState({ attachments: [...had, { ...meta, data }] });
          added.push(`${meta.name}, ${KIND_LABEL[meta.kind]}, ${formatBytes(meta.size)}`);
        }
      } catch (e) {
        errors.push((e as BackendError).message ?? String(e));
      } finally {
        if (current()) draft.setState((s) => ({ attaching: Math.max(0, s.attaching - 1) }));
      }
    }
    if (!current()) return;
    // A refusal is said by its own alert under the chips; this says what was added.
    draft.setState({ attachErrors: errors, attachNotice: added.length ? `Attached ${added.join("; ")}.` : "" });
  };
}

/** Files dropped on a field: its outline while files are over it (the depth counts the
 * enter/leave pairs of its children, so crossing a child does not flicker it off). */
export function useFileDrop(onFiles: (files: File[]) => void) {
  const [dropping, setDropping] = useState(false);
  const depth = useRef(0);
  const carries = (e: DragEvent) => e.dataTransfer.types.includes("Files");
  const reset = () => {
    depth.current = 0;
    setDropping(false);
  };
  return {
    dropping,
    handlers: {
      onDragEnter: (e: DragEvent) => {
        if (!carries(e)) return;
        depth.current += 1;
        setDropping(true);
      },
      onDragOver: (e: DragEvent) => {
        if (!carries(e)) return;
        e.preventDefault();
        if (!dropping) setDropping(true);
      },
      onDragLeave: (e: DragEvent) => {
        if (!carries(e)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setDropping(false);
      },
      onDrop: (e: DragEvent) => {
        reset();
        if (e.dataTransfer.files.length === 0) return;
        e.preventDefault();
        onFiles([...e.dataTransfer.files]);
      },
    },
  };
}

/** The Attach button of a prompt's bar, with the file input it opens. */
export function AttachButton({ tray, testId = "attach" }: { tray?: StoreApi<FileTray>; testId?: string }) {
  const store = useTray(tray);
  const attach = useAttach(store);
  const input = useRef<HTMLInputElement>(null);
  const count = useStore(store, (s) => s.attachments.length);
  return (
    <>
      <Button size="sm" variant="ghost" onClick={() => input.current?.click()} data-testid={testId} title="Attach images (PNG, JPEG, GIF, WebP), PDFs or text files: paste or drop them on the prompt too">
        <Paperclip size={12} aria-hidden /> Attach{count ? ` · ${count}` : ""}
      </Button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid={`${testId}-input`}
        aria-label="Files to attach"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = "";
          void attach(files);
        }}
      />
    </>
  );
}

function Thumb({ file }: { file: Attachment }) {
  // A file whose bytes WebKit cannot draw (a truncated or mislabelled image) gets the icon
  // rather than a broken-image box; the model may still read it, so the chip stays.
  const [broken, setBroken] = useState(false);
  if (file.kind === "image" && file.data && !broken)
    return <img className="attachment-thumb" src={`data:${file.media_type};base64,${file.data}`} alt="" onError={() => setBroken(true)} />;
  return file.kind === "image" ? <ImageIcon size={14} aria-hidden /> : <FileText size={14} aria-hidden />;
}

/** One file: read-only (a sent prompt) or with a remove button (the draft). */
export function AttachmentChip({ file, onRemove }: { file: Attachment; onRemove?: () => void }) {
  return (
    <li className="attachment-chip" data-testid="attachment" data-kind={file.kind} title={`${file.name} · ${file.media_type} · ${file.size.toLocaleString("en-US")} bytes`}>
      <Thumb file={file} />
      <span className="attachment-name">{file.name}</span>
      <span className="attachment-meta muted num">
        {KIND_LABEL[file.kind]} · {formatBytes(file.size)}
      </span>
      {onRemove && (
        <button type="button" className="attachment-remove" aria-label={`Remove ${file.name}`} onClick={onRemove} data-testid="attachment-remove">
          <X size={12} aria-hidden />
        </button>
      )}
    </li>
  );
}

/** The files of a sent message (no bytes: names, kinds and sizes). */
export function AttachedList({ files }: { files: Attachment[] | undefined }) {
  if (!files?.length) return null;
  return (
    <ul className="attachment-list" aria-label="Attached files" data-testid="attached">
      {files.map((f) => (
        <AttachmentChip key={f.sha256} file={f} />
      ))}
    </ul>
  );
}

/** A tray's files under its prompt, and why a file was refused. `field` is where the focus
 * goes when the last chip is removed (the prompt it belongs to). */
export function DraftAttachments({ tray, field }: { tray?: StoreApi<FileTray>; field?: () => HTMLElement | null }) {
  const store = useTray(tray);
  const files = useStore(store, (s) => s.attachments);
  const errors = useStore(store, (s) => s.attachErrors);
  const notice = useStore(store, (s) => s.attachNotice);
  const list = useRef<HTMLUListElement>(null);
  // The removed chip's place: after React drew the list without it, the focus goes to the chip
  // now there (or the one before), so a keyboard user can remove several in a row.
  const refocus = useRef<number | null>(null);
  useLayoutEffect(() => {
    const at = refocus.current;
    if (at === null) return;
    refocus.current = null;
    const buttons = list.current?.querySelectorAll<HTMLButtonElement>(".attachment-remove");
    const next = buttons?.length ? buttons[Math.min(at, buttons.length - 1)] : field?.();
    next?.focus();
  }, [files, field]);
  const remove = (f: Attachment, at: number) => {
    refocus.current = at;
    store.setState({ attachments: store.getState().attachments.filter((a) => a.sha256 !== f.sha256), attachErrors: [], attachNotice: `Removed ${f.name}.` });
  };
  return (
    <div className="draft-attachments">
      {/* Always in the page, so a change is announced rather than the region's arrival. */}
      <p className="visually-hidden" role="status" data-testid="attach-notice">
        {notice}
      </p>
      {files.length > 0 && (
        <ul ref={list} className="attachment-list" aria-label="Attached files" data-testid="attachments">
          {files.map((f, i) => (
            <AttachmentChip key={f.sha256} file={f} onRemove={() => remove(f, i)} />
          ))}
        </ul>
      )}
      {errors.map((e) => (
        <p key={e} className="form-error small" role="alert" data-testid="attach-error">
          {e}
        </p>
      ))}
    </div>
  );
}
