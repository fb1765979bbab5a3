// The tools for choosing, above a comparison's answers (there from a run's start, waiting while
// the answers stream): read them, diff them against a baseline column or a pasted reference
// ("only differences"), see what only one answer says (consensus, 3+ answers), vote blind, ask a
// judge model, and the session (title, tags, note, export). The votes so far are listed under
// it, the person's apart from the judges'.
// Invariant: while a comparison is blind and not yet revealed, nothing here names a model
// (the judge's verdict and the votes say "Answer B"), and the window title is neutral.
import "./decide.css";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Trophy } from "lucide-react";
import { useEffect, useState } from "react";

import type { BackendError, ComparisonRecord, SlotRecord } from "../../../backend";
import { qk } from "../../../app/queries";
import { useServices } from "../../../app/services";
import { Button, cx } from "../../../kit";
import { blindLabel, blindOpen, type Decision, type DecideMode, patchDecision, setBlind, useDecideStore } from "./decideStore";
import { ForkButton } from "./Fork";
import { JudgeButton } from "./Judge";
import { RepriceButton } from "./Reprice";
import { LeaderboardButton } from "./Leaderboard";
import { SessionButton } from "./Session";
import { type BlindChoice, contenders, describeVote, slotLabel, splitVotes, voteOf } from "./votes";

/** Per column, the name an answer calls itself (flags a blind vote), once per comparison. */
export function useSelfNaming(id: string, enabled: boolean) {
  const { backend } = useServices();
  return useQuery({ queryKey: ["decide", "selfNaming", id], queryFn: () => backend.selfNaming(id), enabled, staleTime: Infinity });
}

/** While blind: the window title names no model (it would show in the task bar). */
function useNeutralTitle(hidden: boolean) {
  useEffect(() => {
    if (!hidden) return;
    const before = document.title;
    document.title = "Parallax — blind comparison";
    return () => {
      document.title = before;
    };
  }, [hidden]);
}

const MODES: { mode: DecideMode; label: string; title: string; min: number }[] = [
  { mode: "answers", label: "Answers", title: "The answers as written", min: 1 },
  { mode: "diff", label: "Diff", title: "Each answer word by word against a baseline: added words marked, removed ones struck", min: 2 },
  { mode: "consensus", label: "Consensus", title: "What most answers say is dimmed; what only one says is marked", min: 3 },
];

/** Why the tools wait while the answers stream (the title of each one not yet usable). */
export const WAITING = "Once every answer is in";

/**
 * `slots` is null while the answers stream: the same bar is there from a run's start, in the
 * same place and height, its tools shown but not yet usable (Blind and the leaderboard are).
 * Why: the answers do not move down when the run ends (a person reading the first finished
 * answer saw its text jump), and sixteen columns are not laid out again at the moment they
 * finish — as arenas show their vote buttons greyed out while the answers come. `count` is the
 * number of columns (blind shuffles them before their answers are in).
 */
export function DecideBar({ comparison, slots, count, decision }: { comparison: ComparisonRecord; slots: SlotRecord[] | null; count: number; decision: Decision }) {
  const store = useDecideStore();
  const id = comparison.id;
  const { mode, baseline, reference, onlyDiff, blind } = decision;
  const waiting = slots === null ? WAITING : undefined;
  const hidden = blindOpen(decision);
  const patch = (p: Partial<Decision>) => patchDecision(store, id, p);
  const position = (i: number) => blind?.order.indexOf(i) ?? i;
  const nameOf = (i: number) => (hidden || !slots ? `Answer ${blindLabel(position(i))}` : `${i + 1} · ${slotLabel(slots[i]!)}`);
  useNeutralTitle(hidden);
  const byPosition = [...(slots ?? []).map((s) => s.index)].sort((a, b) => position(a) - position(b));
  const shown = slots ? mode : "answers";

  return (
    <div className="decide" data-testid={waiting ? "decide-bar-waiting" : "decide-bar"} aria-busy={waiting ? true : undefined}>
      <div className="decide-row">
        <div className="segmented" role="group" aria-label="How the answers are shown">
          {MODES.map((m) => {
            const few = slots !== null && slots.length < m.min;
            return (
              <button
                key={m.mode}
                type="button"
                className={cx("seg", mode === m.mode && "on")}
                aria-pressed={mode === m.mode}
                disabled={waiting !== undefined || few}
                title={waiting ?? (few ? `Needs ${m.min} answers or more` : m.title)}
                onClick={() => patch({ mode: m.mode })}
                data-testid={`decide-mode-${m.mode}`}
              >
                {m.label}
              </button>
            );
          })}
        </div>
        {shown === "diff" && (
          <label className="small">
            Against{" "}
            <select
              value={String(baseline)}
              onChange={(e) => patch({ baseline: e.target.value === "reference" ? "reference" : Number(e.target.value) })}
              data-testid="diff-baseline"
              aria-label="Baseline"
            >
              {byPosition.map((i) => (
                <option key={i} value={i}>
                  {nameOf(i)}
                </option>
              ))}
              <option value="reference">A reference answer (pasted)</option>
            </select>
          </label>
        )}
        {shown !== "answers" && (
          <label className="check small">
            <input type="checkbox" checked={onlyDiff} onChange={(e) => patch({ onlyDiff: e.target.checked })} data-testid="only-differences" /> Only differences
          </label>
        )}
        <span className="spacer" />
        <label className="check small" title="Hide model names, providers and prices and shuffle the columns, until you vote">
          <input type="checkbox" checked={blind !== null} onChange={(e) => setBlind(store, id, slots?.length ?? count, e.target.checked)} data-testid="blind-toggle" /> Blind
        </label>
        <JudgeButton comparison={comparison} slots={slots ?? []} nameOf={nameOf} waiting={waiting} />
        {/* A follow-up forked would lose its earlier turns: only a first question forks. */}
        {!hidden && !comparison.parent_id && <ForkButton comparison={comparison} waiting={waiting} />}
        {!hidden && <RepriceButton comparison={comparison} waiting={waiting} />}
        <SessionButton comparison={comparison} slots={slots ?? []} hidden={hidden} waiting={waiting} />
        <LeaderboardButton />
      </div>
      {shown === "diff" && baseline === "reference" && (
        <textarea
          className="reference-text"
          aria-label="Reference answer"
          placeholder="Paste the answer you expect: every column is diffed against it"
          value={reference}
          onChange={(e) => patch({ reference: e.target.value })}
          data-testid="diff-reference"
        />
      )}
      {slots && blind && <BlindVote comparison={comparison} slots={slots} decision={decision} byPosition={byPosition} />}
      {slots && <Votes comparison={comparison} slots={slots} hidden={hidden} nameOf={nameOf} />}
    </div>
  );
}

/** A blind comparison's vote: A/B/tie/both bad for two answers, best of N for more; then the reveal. */
function BlindVote({ comparison, slots, decision, byPosition }: { comparison: ComparisonRecord; slots: SlotRecord[]; decision: Decision; byPosition: number[] }) {
  const { backend } = useServices();
  const store = useDecideStore();
  const client = useQueryClient();
  const blind = decision.blind!;
  const among = contenders(slots).sort((a, b) => blind.order.indexOf(a) - blind.order.indexOf(b));
  const named = useSelfNaming(comparison.id, !blind.revealed);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const label = (i: number) => blindLabel(blind.order.indexOf(i));

  const cast = async (choice: BlindChoice) => {
    setError(null);
    const request = voteOf(choice, among, named.data);
    try {
      await backend.vote(comparison.id, request);
      const picked = choice.kind === "winner" ? `Answer ${label(choice.slot)}: ${slotLabel(slots[choice.slot]!)}` : choice.kind === "tie" ? "a tie" : `all bad (saved as a tie: neither beat the other)`;
      setSaved(`You picked ${picked}. Saved as a ${request.blind ? "blind" : "not blind (an answer named itself)"} vote.`);
      patchDecision(store, comparison.id, { blind: { ...blind, revealed: true } });
      void client.invalidateQueries({ queryKey: qk.comparison(comparison.id) });
      void client.invalidateQueries({ queryKey: ["decide", "leaderboard"] });
    } catch (e) {
      setError((e as BackendError).message);
    }
  };

  if (blind.revealed) {
    return (
      <p className="blind-done small" role="status" data-testid="blind-revealed">
        {saved ?? "Revealed."} Every name is shown again.
      </p>
    );
  }
  const flagged = among.filter((i) => named.data?.[i]);
  return (
    <div className="blind-vote" data-testid="blind-vote">
      <strong>{among.length === 2 ? "Blind: which answer is better?" : `Blind: which of the ${among.length} answers is best?`}</strong>
      {among.map((i) => (
        <Button key={i} size="sm" variant="primary" onClick={() => void cast({ kind: "winner", slot: i })} data-testid={`vote-${label(i)}`} disabled={among.length < 2}>
          {label(i)}
        </Button>
      ))}
      <Button size="sm" onClick={() => void cast({ kind: "tie" })} data-testid="vote-tie" disabled={among.length < 2}>
        Tie
      </Button>
      <Button size="sm" onClick={() => void cast({ kind: "all_bad" })} data-testid="vote-bad" disabled={among.length < 2} title="Saved as a tie: neither beat the other">
        {among.length === 2 ? "Both bad" : "All bad"}
      </Button>
      <Button size="sm" variant="ghost" onClick={() => patchDecision(store, comparison.id, { blind: { ...blind, revealed: true } })} data-testid="blind-reveal">
        Reveal without voting
      </Button>
      {among.length < 2 && <span className="muted small">A vote needs two answers with text.</span>}
      {flagged.length > 0 && (
        <span className="warn-text small" data-testid="self-named-warning">
          {flagged.map((i) => `Answer ${label(i)} names a model (“${named.data![i]}”)`).join("; ")}: a vote with it is saved as not blind.
        </span>
      )}
      {error && (
        <span className="form-error small" role="alert">
          {error}
        </span>
      )}
      <span className="sr-only">{byPosition.length} columns, shuffled</span>
    </div>
  );
}

/** The votes on this comparison: the person's, then the judges' (kept apart). */
function Votes({ comparison, slots, hidden, nameOf }: { comparison: ComparisonRecord; slots: SlotRecord[]; hidden: boolean; nameOf: (i: number) => string }) {
  const { backend } = useServices();
  const client = useQueryClient();
  const record = useQuery({ queryKey: qk.comparison(comparison.id), queryFn: () => backend.getComparison(comparison.id) });
  const votes = record.data?.votes ?? comparison.votes;
  if (votes.length === 0) return null;
  const { human, judge } = splitVotes(votes);
  const say = (v: (typeof votes)[number]) => {
    if (!hidden) return describeVote(v, slots);
    const i = slots.findIndex((s) => s.id === v.winner_slot_id);
    return i < 0 ? "a tie" : nameOf(i);
  };
  const remove = async (voteId: string) => {
    await backend.deleteVote(voteId);
    void client.invalidateQueries({ queryKey: qk.comparison(comparison.id) });
    void client.invalidateQueries({ queryKey: ["decide", "leaderboard"] });
  };
  return (
    <div className="decide-votes small" data-testid="votes">
      {human.length > 0 && (
        <span data-testid="human-votes">
          <Trophy size={12} aria-hidden /> Your votes:{" "}
          {human.map((v) => (
            <span key={v.id} className="vote-item">
              {say(v)}
              {v.blind ? " (blind)" : ""}
              <button type="button" className="link-btn" onClick={() => void remove(v.id)} aria-label="Delete this vote">
                undo
              </button>
            </span>
          ))}
        </span>
      )}
      {judge.length > 0 && (
        <span data-testid="judge-votes">
          Judges:{" "}
          {judge.map((v) => (
            <span key={v.id} className="vote-item" data-testid="judge-vote">
              {v.voter.slice("judge:".length)} picked {say(v)}
            </span>
          ))}
        </span>
      )}
    </div>
  );
}
