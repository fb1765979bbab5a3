// The answers as the chosen way of deciding shows them: in blind mode shuffled (`order`) with
// neutral labels and no model, provider or cost (`hideIdentity`); in diff mode each answer's
// body replaced by its word diff against the baseline, or by the consensus shading. It only
// computes the decoration; the columns themselves are WATCH's `AnswerGrid` (order, decor,
// baseline: the ColumnDecor contract of components/AnswerColumn). Invariant: a decor object is
// made once per slot and state (memoized), so memoized columns do not re-render for nothing;
// in diff mode the baseline is ours (pinning a column in the grid picks the diff's baseline).
import { type ReactNode, useMemo } from "react";

import type { SlotRecord } from "../../../backend";
import { AnswerGrid, type ColumnDecor, type RetryHow } from "../../../components/AnswerColumn";
import { Badge } from "../../../kit";
import { blindLabel, blindOpen, type Decision, patchDecision, useDecideStore } from "./decideStore";
import { useSelfNaming, WAITING } from "./DecideBar";
import { ConsensusSpans, DiffBody, useConsensus } from "./DiffBody";
import { RunSpread } from "./RunSpread";

interface Props {
  /** The answers to decide on; null while the run streams (the grid follows the run store). */
  slots: SlotRecord[] | null;
  /** While the run streams: blind mode's labels (no diff, consensus or spread until it ends). */
  liveDecor?: ((slot: number) => ColumnDecor | undefined) | undefined;
  decision: Decision;
  comparisonId: string;
  /** Over: self-naming can be asked (blind mode flags an answer that names its model). */
  finished: boolean;
  /** Variant names by index, shown on each column when there is more than one. */
  variantNames: string[] | null;
  focusedSlot?: number | undefined;
  onContinueSlot?: ((index: number) => void) | undefined;
  onRetrySlot?: ((index: number, how: RetryHow) => void) | undefined;
}

export function DecidedGrid({ slots, liveDecor, decision, comparisonId, finished, variantNames, focusedSlot, onContinueSlot, onRetrySlot }: Props) {
  const { mode, baseline, reference, onlyDiff, blind } = decision;
  const store = useDecideStore();
  const hidden = blindOpen(decision);
  const selfNamed = useSelfNaming(comparisonId, hidden && finished && slots !== null).data;
  const texts = useMemo(() => (slots ?? []).map((s) => s.text), [slots]);
  const consensus = useConsensus(texts, mode === "consensus" && texts.length >= 3);
  const baseText = baseline === "reference" ? reference : (slots?.[baseline]?.text ?? "");
  const position = useMemo(() => {
    const p = new Map<number, number>();
    (blind?.order ?? (slots ?? []).map((_, i) => i)).forEach((slot, i) => p.set(slot, i));
    return p;
  }, [blind, slots]);

  const decors = useMemo(
    () =>
      (slots ?? []).map((s, i): ColumnDecor | undefined => {
        const d: ColumnDecor = {};
        const label = blind ? `Answer ${blindLabel(position.get(i) ?? i)}` : null;
        if (hidden) {
          d.hideIdentity = true;
          d.title = label;
        }
        const badges: ReactNode[] = [];
        if (variantNames && variantNames.length > 1) badges.push(<Badge key="v" className="badge-sm" title="The prompt variant this answer is for">{variantNames[s.variant] ?? `#${s.variant + 1}`}</Badge>);
        if (blind?.revealed && label) badges.push(<Badge key="b" className="badge-sm" tone="neutral" title="Its label while the vote was blind">{label.replace("Answer ", "was ")}</Badge>);
        if (hidden && selfNamed?.[i]) badges.push(<Badge key="n" className="badge-sm" tone="warn" title={`This answer names a model (“${selfNamed[i]}”): a vote on it is not blind`} data-testid="self-named">names itself</Badge>);
        if (mode === "diff" && baseline !== i) d.body = <DiffBody base={baseText} other={s.text} onlyDiff={onlyDiff} />;
        if (mode === "diff" && baseline === i) badges.push(<Badge key="base" className="badge-sm" tone="accent" data-testid="baseline-badge">baseline</Badge>);
        if (mode === "consensus" && consensus.data?.[i]) d.body = <ConsensusSpans spans={consensus.data[i]} others={texts.length - 1} onlyDiff={onlyDiff} />;
        if (badges.length) d.badge = <>{badges}</>;
        return Object.keys(d).length ? d : undefined;
      }),
    [slots, texts.length, blind, hidden, position, variantNames, selfNamed, mode, baseline, baseText, onlyDiff, consensus.data],
  );

  return (
    <>
      {!hidden && slots && <RunSpread slots={slots} variantNames={variantNames} />}
      <AnswerGrid
        slots={slots}
        focusedSlot={focusedSlot}
        onContinueSlot={hidden ? undefined : onContinueSlot}
        continueWaiting={finished ? undefined : WAITING}
        // Asking again adds a column, which was never in the blind order: not on a blind comparison.
        onRetrySlot={blind !== null ? undefined : onRetrySlot}
        order={blind?.order}
        decor={slots ? (i) => decors[i] : liveDecor}
        comparisonId={comparisonId}
        {...(mode === "diff" ? { baseline: typeof baseline === "number" ? baseline : null, onBaselineChange: (b: number | null) => b !== null && patchDecision(store, comparisonId, { baseline: b }) } : {})}
      />
    </>
  );
}

/** While a blind comparison streams: shuffled, labelled, nothing that names a model. */
export function blindDecor(blind: Decision["blind"], count: number): ((slot: number) => ColumnDecor | undefined) | undefined {
  if (!blind || !blindOpen({ blind })) return undefined;
  const decors = Array.from({ length: count }, (_, i): ColumnDecor => ({ hideIdentity: true, title: `Answer ${blindLabel(blind.order.indexOf(i))}` }));
  return (i) => decors[i];
}
