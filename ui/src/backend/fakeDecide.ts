// The fake backend's share of Compare's Decide tools (issue 11): a word diff and the consensus
// (plain LCS over words, like Rust's `similar` closely enough for tests and the dev server),
// votes and a leaderboard of win counts, the judge (always picks A, as demo:judge does),
// title/tags/notes, and export to a "file" the fake remembers. Kept apart from fake.ts.
import type { ComparisonRecord } from "./bindings/ComparisonRecord";
import type { DiffSpan } from "./bindings/DiffSpan";
import type { ExportFormat } from "./bindings/ExportFormat";
import type { LeaderboardRow } from "./bindings/LeaderboardRow";
import type { SharedSpan } from "./bindings/SharedSpan";
import type { VoteRecord } from "./bindings/VoteRecord";
import { BackendError } from "./errors";
import type { Backend } from "./types";

type DecideCommands = Pick<
  Backend,
  "diffAnswers" | "answerConsensus" | "vote" | "deleteVote" | "leaderboard" | "judgeComparison" | "judgeRubrics" | "selfNaming" | "setTitle" | "setNotes" | "setTags" | "exportComparison" | "saveComparisonExport"
> & { exported: Map<string, string> };

const words = (t: string) => t.match(/\s+|[^\s]+/g) ?? [];

/** `other` against `base`, word by word (whitespace kept), consecutive runs merged. */
export function diffWords(base: string, other: string): DiffSpan[] {
  const a = words(base);
  const b = words(other);
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: DiffSpan[] = [];
  const push = (change: DiffSpan["change"], text: string) => {
    const last = out[out.length - 1];
    if (last && last.change === change) last.text += text;
    else out.push({ change, text });
  };
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      push("same", a[i]!);
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) push("removed", a[i++]!);
    else push("added", b[j++]!);
  }
  while (i < n) push("removed", a[i++]!);
  while (j < m) push("added", b[j++]!);
  return out;
}

export function createDecideFake(find: (id: string) => ComparisonRecord, history: ComparisonRecord[], newId: () => string): DecideCommands {
  const exported = new Map<string, string>();
  const label = (c: ComparisonRecord, slotId: string) => {
    const s = c.slots.find((x) => x.id === slotId)!;
    return s.provider === "openrouter" ? s.model : `${s.provider}:${s.model}`;
  };
  const addVote = (id: string, winner: number | undefined, among: number[], blind: boolean, voter: string): VoteRecord => {
    const c = find(id);
    const chosen = (among.length ? among : c.slots.filter((s) => s.text).map((s) => s.index)).map((i) => c.slots[i]!.id);
    const v: VoteRecord = { id: newId(), slot_ids: chosen, winner_slot_id: winner === undefined ? null : c.slots[winner]!.id, blind, voter, created_at_ms: Date.now() };
    c.votes.push(v);
    return structuredClone(v);
  };
  const text = (c: ComparisonRecord, format: ExportFormat) =>
    format === "json" ? JSON.stringify(c) : format === "csv" ? `index,model,status\n${c.slots.map((s) => `${s.index},${s.model},${s.status}`).join("\n")}` : `# ${c.title}\n\n${c.slots.map((s) => `## ${s.model}\n\n${s.text}`).join("\n\n")}`;
  return {
    exported,
    diffAnswers: async (base, other) => diffWords(base, other),
    answerConsensus: async (answers) =>
      answers.map((a, i): SharedSpan[] => {
        const others = answers.filter((_, j) => j !== i).map((o) => new Set(words(o)));
        const out: SharedSpan[] = [];
        let prev = 0;
        for (const w of words(a)) {
          const shared = /^\s+$/.test(w) ? prev : others.filter((o) => o.has(w)).length;
          prev = shared;
          const last = out[out.length - 1];
          if (last && last.shared_with === shared) last.text += w;
          else out.push({ text: w, shared_with: shared });
        }
        return out;
      }),
    vote: async (id, request) => addVote(id, request.winner, request.among ?? [], request.blind ?? false, "human"),
    deleteVote: async (voteId) => {
      for (const c of history) c.votes = c.votes.filter((v) => v.id !== voteId);
      return null;
    },
    leaderboard: async () => {
      const rows = new Map<string, LeaderboardRow>();
      for (const c of history) {
        for (const v of c.votes) {
          for (const sid of v.slot_ids) {
            const model = label(c, sid);
            const r = rows.get(model) ?? { model, rating: 1000, wins: 0, losses: 0, ties: 0, votes: 0, win_rate: 0, avg_cost_usd: null };
            r.votes += 1;
            if (v.winner_slot_id === null) r.ties += 1;
            else if (v.winner_slot_id === sid) r.wins += 1;
            else r.losses += 1;
            r.win_rate = (r.wins + r.ties / 2) / r.votes;
            r.rating = 1000 + 400 * (r.win_rate - 0.5);
            rows.set(model, r);
          }
        }
      }
      return [...rows.values()].sort((a, b) => b.rating - a.rating);
    },
    judgeRubrics: async () => [
      { template: "pick_best", text: "Pick the answer that best does what the prompt asks: correct, complete, clear. End with VERDICT." },
      { template: "criteria", text: "Score each answer 1–5 on accuracy, completeness, clarity and concision; the best total wins. End with VERDICT." },
      { template: "checklist", text: "List the differences between the answers, decide which matters most, and pick. End with VERDICT." },
    ],
    judgeComparison: async (id, judge, _rubric, among) => {
      const c = find(id);
      const columns = among.length ? among : c.slots.filter((s) => s.text).map((s) => s.index);
      if (columns.length < 2) throw new BackendError("judge_failed", "A judge needs two answers with text.");
      const model = judge.provider && judge.provider !== "openrouter" ? `${judge.provider}:${judge.model}` : judge.model;
      const vote = addVote(id, columns[0], columns, true, `judge:${model}`);
      return { judge_comparison_id: newId(), columns, winner: columns[0]!, reason: "The demo judge always picks answer A.", vote };
    },
    selfNaming: async (id) => find(id).slots.map((s) => (/\bI am (Claude|GPT|Gemini)\b/i.exec(s.text)?.[1] ?? null)),
    setTitle: async (id, title) => {
      const c = find(id);
      c.title = title.trim() || c.prompt.slice(0, 80);
      return c.title;
    },
    setNotes: async (id, notes) => {
      find(id).notes = notes;
      return null;
    },
    setTags: async (id, tags) => {
      const c = find(id);
      c.tags = [...new Set(tags.map((t) => t.trim().toLowerCase().replace(/\s+/g, " ")).filter(Boolean))].sort();
      return [...c.tags];
    },
    exportComparison: async (id, format) => text(find(id), format),
    saveComparisonExport: async (id, format, path) => {
      const p = path?.trim() || `/home/you/.local/share/dev.parallax.desktop/exports/parallax-${id}.${format === "markdown" ? "md" : format}`;
      if (exported.has(p)) throw new BackendError("invalid_input", `${p} already exists; choose another name`, "path");
      exported.set(p, text(find(id), format));
      return p;
    },
  };
}
