// The composer's draft beyond the prompt box (which stays in the shared compose store, so the
// palette and the first-run screen can fill it): the system prompt, variants B, C…, variable
// rows, the parameters table and the files (a `FileTray`; the follow-up field has a tray of its
// own, `followUpFilesOf`). One store per Services (a WeakMap, so each test render gets
// its own), kept for the session, not saved: like the prompt, a draft is not a preference.
// Invariant: `columns` has at least one entry (the shared one, used for every pick while
// `same` is on); a pick's own draft is created from the shared one when `same` is turned off.
import { useStore } from "zustand";
import { createStore, type StoreApi } from "zustand/vanilla";

import { type Services, useServices } from "../../../app/services";
import type { Attachment } from "../../../backend";
import { BLANK_COLUMN, type ColumnDraft } from "../../../params";
import type { FixControl } from "./warnings";
import type { Row } from "./variables";
import type { Variant } from "./spec";

/** Files to send with a prompt, as the composer and the follow-up field each hold them. */
export interface FileTray {
  /** Files sent with the prompt, with their bytes (base64), each once (Attachments.tsx). */
  attachments: Attachment[];
  /** Why the last files chosen could not be attached, one message per file. */
  attachErrors: string[];
  /** Files still being read and checked: Send waits for them (a file must not be left behind). */
  attaching: number;
  /** Bumped when the files are replaced (New comparison, a fork, a follow-up sent): a file
   * still being read for the files before is dropped, not added to the new ones. */
  attachEpoch: number;
  /** The last change said to a screen reader ("Attached chart.png, image, 12 kB"). */
  attachNotice: string;
}

export const EMPTY_TRAY: FileTray = { attachments: [], attachErrors: [], attaching: 0, attachEpoch: 0, attachNotice: "" };

export interface DraftState extends FileTray {
  system: string;
  systemOpen: boolean;
  /** Variant A's name (its text is the prompt box). */
  aName: string;
  variants: Variant[];
  /** The variant the editor shows: 0 is A. */
  active: number;
  rows: Row[];
  columns: ColumnDraft[];
  same: boolean;
  /** Each model is asked this many times (each answer its own column): to see its variance. */
  repeats: number;
  paramsOpen: boolean;
  /** A control a warning asked to show: the composer opens and focuses it, then clears this. */
  focus: FixControl | null;
}

export const EMPTY_DRAFT: DraftState = {
  system: "",
  systemOpen: false,
  aName: "A",
  variants: [],
  active: 0,
  rows: [],
  columns: [BLANK_COLUMN],
  same: true,
  repeats: 1,
  paramsOpen: false,
  focus: null,
  ...EMPTY_TRAY,
};

/** The files replaced by `files` (none by default): anything still attaching is dropped. */
export function replaceFiles(store: StoreApi<FileTray>, files: Attachment[] = []): void {
  store.setState((s) => ({ attachments: files, attachErrors: [], attaching: 0, attachEpoch: s.attachEpoch + 1, attachNotice: "" }));
}

/** One store per Services, made from `initial` the first time it is asked for. */
function perServices<T>(initial: () => T): (services: Services) => StoreApi<T> {
  const stores = new WeakMap<Services, StoreApi<T>>();
  return (services) => {
    let s = stores.get(services);
    if (!s) stores.set(services, (s = createStore<T>(initial)));
    return s;
  };
}

/** The files of the next follow-up (the field under a finished comparison), apart from the
 * composer's: a follow-up typed while a new prompt is drafted must not take its files. */
export const followUpFilesOf = perServices<FileTray>(() => ({ ...EMPTY_TRAY }));

export function useFollowUpFiles(): StoreApi<FileTray> {
  return followUpFilesOf(useServices());
}

export const draftStoreOf = perServices<DraftState>(() => ({ ...EMPTY_DRAFT }));

export function useDraftStore(): StoreApi<DraftState> {
  return draftStoreOf(useServices());
}

export function useDraft<T>(select: (s: DraftState) => T): T {
  return useStore(useDraftStore(), select);
}
