// What the grid tells each of its columns: where it stands, how it is shown, what a mode changes,
// and the actions its header offers. A column outside a grid gets the defaults (a plain column).
import type { ReactNode } from "react";
import { createContext, useContext } from "react";

import type { MenuHandle } from "../../../kit";

import type { RaceMetric } from "./race";

/** Per column, what a mode (blind, diff) changes; every field optional. */
export interface ColumnDecor {
  /** Replaces the model's name in the header (blind mode: "Answer A"). */
  title?: ReactNode;
  /** Hides everything that names the model: id, served model and provider, demo badge, prices and cost. */
  hideIdentity?: boolean;
  /** Replaces the rendered answer (a diff view). */
  body?: ReactNode;
  /** Shown beside the title (a diff's counts, a vote). */
  badge?: ReactNode;
}

/** How a column is drawn: a full column, an item of the rail (another is maximised), or a tab. */
export type ColumnAs = "column" | "rail" | "tab";

export interface ColumnPlace {
  as: ColumnAs;
  /** Display position, and how many columns the grid shows. */
  position: number;
  count: number;
  decor: ColumnDecor | undefined;
  baseline: boolean;
  maximised: boolean;
  /** The tab shown (tabs layout) / the column the rail item opens. */
  active: boolean;
  /** The race measures this answer is the best of (its figures are highlighted). */
  best: RaceMetric[];
  /** Absent outside a grid: the header offers no layout actions. */
  actions: ColumnActions | null;
  /** The comparison asks models more than once: every column names its run, run 1 included. */
  runs?: boolean;
  /** The parameters that set this column apart from the others, as saved (asked.ts). */
  asked?: string | null;
}

export interface ColumnActions {
  move(by: -1 | 1): void;
  toggleBaseline(): void;
  toggleMaximised(): void;
  select(): void;
  dragStart(): void;
  dropOn(): void;
}

export const PLAIN_COLUMN: ColumnPlace = { as: "column", position: 0, count: 1, decor: undefined, baseline: false, maximised: false, active: true, best: [], actions: null };

export const ColumnPlaceContext = createContext<ColumnPlace>(PLAIN_COLUMN);

export const useColumnPlace = () => useContext(ColumnPlaceContext);

/** What a column's "more actions" menu is drawn for (the grid's one menu, watch/ColumnParts). */
export interface ColumnMenuFor {
  onCopy: (what: "text" | "markdown") => void;
  onRetry: ((how: "same" | "changed") => void) | undefined;
  place: ColumnPlace;
}

/** The grid's one column menu, opened by every column's button; null outside a grid. */
export const ColumnMenuContext = createContext<MenuHandle<ColumnMenuFor> | null>(null);
