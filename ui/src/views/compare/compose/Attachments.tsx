// Files sent with the prompt: chosen with the Attach button, pasted into the prompt (a
// screenshot) or dropped on the prompt box. The page reads each file and asks the backend what
// it is (`attach_file`: kind, size and hash from its bytes, refused by name when it cannot be
// sent); the draft keeps the answer with the bytes (base64) for the spec. Shown as chips under
// the prompt: a thumbnail for an image, the name, the kind and the size, and a remove button.
// Invariants: a file is attached once (by hash); a refusal is said under the chips, names the
// file and keeps the others; nothing here decides which model reads what (warnings.ts does).
import "./compose.css";

import { FileText, Image as ImageIcon, Paperclip, X } from "lucide-react";
import { useRef, useState } from "react";

import type { Attachment, BackendError } from "../../../backend";
import { useServices } from "../../../app/services";
import { formatBytes } from "../../../format";
import { Button } from "../../../kit";
import { useDraft, useDraftStore } from "./draftStore";

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

/** Attaches files to the draft; returns when each has been read and checked. While it runs the
 * draft counts them in `attaching` (Send waits); a draft replaced meanwhile does not get them. */
export function useAttach(): (files: Iterable<File>) => Promise<void> {
  const { backend } = useServices();
  const draft = useDraftStore();
  return async (iterable) => {
    const files = [...iterable];
    const epoch = draft.getState().attachEpoch;
    const current = () => draft.getState().attachEpoch === epoch;
    const errors: string[] = [];
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
        if (current() && !had.some((a) => a.sha256 === meta.sha256)) draft.setState({ attachments: [...had, { ...meta, data }] });
      } catch (e) {
        errors.push((e as BackendError).message ?? String(e));
      } finally {
        if (current()) draft.setState((s) => ({ attaching: Math.max(0, s.attaching - 1) }));
      }
    }
    if (current()) draft.setState({ attachErrors: errors });
  };
}

/** The Attach button of the composer's bar, with the file input it opens. */
export function AttachButton() {
  const attach = useAttach();
  const input = useRef<HTMLInputElement>(null);
  const count = useDraft((s) => s.attachments.length);
  return (
    <>
      <Button size="sm" variant="ghost" onClick={() => input.current?.click()} data-testid="attach" title="Attach images (PNG, JPEG, GIF, WebP), PDFs or text files: paste or drop them on the prompt too">
        <Paperclip size={12} aria-hidden /> Attach{count ? ` · ${count}` : ""}
      </Button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="attach-input"
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

const KIND_LABEL: Record<Attachment["kind"], string> = { image: "image", pdf: "PDF", text: "text" };

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

/** The draft's files under the prompt, and why a file was refused. */
export function DraftAttachments() {
  const draft = useDraftStore();
  const files = useDraft((s) => s.attachments);
  const errors = useDraft((s) => s.attachErrors);
  if (!files.length && !errors.length) return null;
  return (
    <div className="draft-attachments">
      {files.length > 0 && (
        <ul className="attachment-list" aria-label="Attached files" data-testid="attachments">
          {files.map((f) => (
            <AttachmentChip key={f.sha256} file={f} onRemove={() => draft.setState({ attachments: draft.getState().attachments.filter((a) => a.sha256 !== f.sha256), attachErrors: [] })} />
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
