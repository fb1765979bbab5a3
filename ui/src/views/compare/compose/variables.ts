// `{{variables}}` in the prompt, its variants and the system prompt, and the table of value rows
// the spec sends (`rows`: one run of every variant per row). Pure, so it is unit-tested.
// Invariants: names are listed once, in the order they first appear; a row always carries every
// detected name (blank until typed), so the table never shows a hole; values of a name that
// disappeared from the prompt are dropped only when the spec is built, so deleting and retyping
// `{{topic}}` keeps what was typed.

/** Mirrors the engine's reading: `{{ name }}`, a letter or `_` then letters, digits, `_`, `-`, `.`. */
const VARIABLE = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

export type Row = Record<string, string>;

/** Every variable name in these texts, once each, in order of first appearance. */
export function variablesIn(...texts: (string | null | undefined)[]): string[] {
  const seen = new Set<string>();
  for (const t of texts) for (const m of (t ?? "").matchAll(VARIABLE)) seen.add(m[1]!);
  return [...seen];
}

/** The rows as the table shows them: at least one, each with every name. */
export function tableRows(rows: Row[], names: string[]): Row[] {
  const base = rows.length ? rows : [{}];
  return base.map((r) => Object.fromEntries(names.map((n) => [n, r[n] ?? ""])));
}

export const setCell = (rows: Row[], names: string[], i: number, name: string, value: string): Row[] =>
  tableRows(rows, names).map((r, j) => (j === i ? { ...r, [name]: value } : r));

export const addRow = (rows: Row[], names: string[]): Row[] => [...tableRows(rows, names), Object.fromEntries(names.map((n) => [n, ""]))];

/** Removes a row; the last one is emptied rather than removed (the table keeps one row). */
export const removeRow = (rows: Row[], names: string[], i: number): Row[] => {
  const all = tableRows(rows, names);
  return all.length <= 1 ? [Object.fromEntries(names.map((n) => [n, ""]))] : all.filter((_, j) => j !== i);
};

/** A value that is missing, said the way the person would fix it. */
export interface MissingValue {
  row: number;
  name: string;
  message: string;
}

/** The rows for the spec (none without variables), or the first blank cell to fill. */
export function specRows(rows: Row[], names: string[]): { ok: true; rows: Row[] } | { ok: false; missing: MissingValue } {
  if (names.length === 0) return { ok: true, rows: [] };
  const table = tableRows(rows, names);
  for (const [i, r] of table.entries()) {
    for (const n of names) {
      if (!r[n]!.trim()) {
        const where = table.length > 1 ? ` in row ${i + 1}` : "";
        return { ok: false, missing: { row: i, name: n, message: `Give {{${n}}} a value${where}.` } };
      }
    }
  }
  return { ok: true, rows: table };
}
