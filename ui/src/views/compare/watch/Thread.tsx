// A follow-up's conversation in its column: what the person asked and what this model answered
// before, oldest first, ending with the question this column answers. The answer itself follows
// (AnswerColumn). A first-turn answer has no thread.
//
// Owns: reading a slot's `messages` as turns. Invariants: the system prompt is not a turn (it is
// the comparison's, shown with it); earlier answers are the model's own text, rendered like any
// answer (Markdown, sanitized by construction) and never re-rendered while the new one streams.
import { memo } from "react";

import type { Message } from "../../../backend";
import { Markdown } from "../../../markdown/Markdown";
import { AttachedList } from "../compose/Attachments";
import { useThreadShown } from "./readingStore";

/** The turns to show above an answer: none unless an earlier answer is among them. */
export function threadOf(messages: Message[]): Message[] {
  const turns = messages.filter((m) => m.role !== "system");
  return turns.some((m) => m.role === "assistant") ? turns : [];
}

/** `who` names the model's turns (neutral in blind mode). */
export const Thread = memo(function Thread({ messages, who }: { messages: Message[]; who: string }) {
  const shown = useThreadShown();
  const turns = threadOf(messages);
  if (turns.length === 0) return null;
  const earlier = turns.filter((t) => t.role === "assistant").length;
  if (!shown) {
    return (
      <div className="thread thread-hidden muted small" data-testid="thread">
        {earlier} earlier {earlier === 1 ? "answer" : "answers"} hidden · the question: {turns[turns.length - 1]?.content}
      </div>
    );
  }
  return (
    <ol className="thread" data-testid="thread" aria-label="Earlier in this conversation">
      {turns.map((t, i) => (
        <li key={i} className={`turn turn-${t.role}`} data-testid={`turn-${t.role}`}>
          <span className="turn-who">{t.role === "user" ? "You" : who}</span>
          {t.role === "user" ? <p className="turn-text">{t.content}</p> : <Markdown text={t.content} streaming={false} />}
          {t.role === "user" && <AttachedList files={t.attachments} />}
        </li>
      ))}
    </ol>
  );
});
