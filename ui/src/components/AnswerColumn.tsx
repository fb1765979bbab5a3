// The answer column moved to views/compare/watch (issue 11); this path stays for the views that
// import it (CompareView, HistoryDetail).
export { AnswerColumn, type ColumnProps, type RetryHow } from "../views/compare/watch/AnswerColumn";
export { AnswerGrid, AnswerGridFrame, type GridModes } from "../views/compare/watch/AnswerGrid";
export type { ColumnDecor } from "../views/compare/watch/context";
