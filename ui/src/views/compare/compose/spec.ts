// The comparison Compare would send, built from the draft: variant A is the prompt box, B, C…
// are `variants`, the variable rows, the system prompt, and one target per pick with its own
// parameters. Pure, so it is unit-tested. Invariant: the engine lays slots out variant × row ×
// target (`engine/src/plan.rs`), so a grid of variant × model is read off each slot's `variant`.
import type { Attachment, CatalogModel, ComparisonSpec, Target } from "../../../backend";
import { checkColumn, type ColumnDraft, type ColumnField, type DefaultParams } from "../../../params";
import { type Pick as ModelPick, toTarget } from "../../../targets";
import { specRows, type MissingValue, type Row, variablesIn } from "./variables";

export interface Variant {
  /** Shown on the tab and in the grid; "A", "B"… until renamed. */
  name: string;
  text: string;
}

export interface Draft {
  prompt: string;
  /** Variants after A (the prompt box): B, C… */
  variants: Variant[];
  system: string;
  rows: Row[];
  /** Column drafts, aligned with the picks; `same` uses the first for every pick. */
  columns: ColumnDraft[];
  same: boolean;
  /** Runs per model and prompt (1 when absent); the engine caps the whole grid (MAX_SLOTS). */
  repeats?: number;
  /** Files sent with the prompt (every variant and row, to every model). */
  attachments?: Attachment[];
}

export type Built =
  | { ok: true; spec: ComparisonSpec }
  | { ok: false; spec: ComparisonSpec; missing?: MissingValue; params?: { column: number; errors: Partial<Record<ColumnField, string>> } };

/** Runs per model: a whole number from 1 up to MAX_REPEATS; anything else reads as 1. */
export const MAX_REPEATS = 10;
export const repeatsOf = (n: number | undefined) => (n !== undefined && Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_REPEATS) : 1);

/** The column draft pick `i` is sent with. */
export const columnOf = (d: { columns: ColumnDraft[]; same: boolean }, i: number, blank: ColumnDraft): ColumnDraft => (d.same ? d.columns[0] : d.columns[i]) ?? d.columns[0] ?? blank;

/**
 * The spec, and whether it can be sent: a blank variable value or a refused parameter is
 * reported with where it is, and the spec is still returned (the estimate is still useful).
 */
export function buildSpec(draft: Draft, picks: ModelPick[], models: (CatalogModel | undefined)[], defaults: DefaultParams, blank: ColumnDraft): Built {
  const variants = draft.variants.map((v) => v.text);
  const names = variablesIn(draft.prompt, ...variants, draft.system);
  const rows = specRows(draft.rows, names);
  let params: { column: number; errors: Partial<Record<ColumnField, string>> } | undefined;
  const targets = picks.map((p, i): Target => {
    const base = toTarget(p, models[i]);
    const checked = checkColumn(columnOf(draft, i, blank), defaults);
    if (!checked.ok) {
      params ??= { column: draft.same ? 0 : i, errors: checked.errors };
      return base;
    }
    return { ...base, ...checked.value };
  });
  const spec: ComparisonSpec = {
    prompt: draft.prompt,
    variants,
    rows: rows.ok ? rows.rows : [],
    repeats: repeatsOf(draft.repeats),
    history: [],
    parent: null,
    system: draft.system.trim() ? draft.system : null,
    targets,
    ...(draft.attachments?.length ? { attachments: draft.attachments } : {}),
  };
  if (!rows.ok) return { ok: false, spec, missing: rows.missing, ...(params ? { params } : {}) };
  if (params) return { ok: false, spec, params };
  return { ok: true, spec };
}

/** Variant names by index (0 = A, the prompt box), for the grid and the tabs. */
export const variantNames = (aName: string, variants: Variant[]) => [aName, ...variants.map((v) => v.name)];

/** The next unused letter name: B, C, … then V27. */
export function nextVariantName(taken: string[]): string {
  for (let i = 0; i < 26; i++) {
    const n = String.fromCharCode(65 + i);
    if (!taken.includes(n)) return n;
  }
  return `V${taken.length + 1}`;
}
