// Marked tokens → React elements. The only way an answer reaches the DOM.
//
// Invariants (an answer is untrusted text):
// - No HTML string is ever inserted (no innerHTML, no dangerouslySetInnerHTML): raw HTML in an
//   answer (`<script>`, `<img onerror>`, `<b>`) is a token rendered as literal text, so it is
//   inert by construction and there is nothing for a sanitizer to miss.
// - A link gets an `href` only for http(s) URLs, and clicking it never navigates the webview: it
//   asks `onLink` (a confirmation naming the URL, then the system browser). Any other scheme
//   (`javascript:`, `data:`, `file:`) is shown as text.
// - Math (math.ts) is drawn by KaTeX into an element React leaves alone (Math.tsx).
// - Images are not fetched (privacy, and the CSP allows no remote images): shown as a link.
import type { Token, Tokens } from "marked";
import { createContext, Fragment, useContext, type ReactNode } from "react";

import { showBidi } from "./bidi";
import type { MathToken } from "./math";
import { MathTex } from "./Math";

/** What a click on an answer's link does (the confirmation); absent, links are inert text. */
export const LinkContext = createContext<((url: string) => void) | null>(null);

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", copy: "©", reg: "®", hellip: "…", mdash: "—", ndash: "–" };

/**
 * Markdown text keeps HTML entities (`&amp;`); React escapes, so decoding them is safe. Bidi
 * controls (typed or as entities) come out shown, not obeyed (see bidi.ts).
 */
export function decodeEntities(s: string): string {
  if (!s.includes("&")) return showBidi(s);
  return showBidi(decodeEach(s));
}

function decodeEach(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** http(s) URLs only; anything else (`javascript:`, relative paths) is not a link. */
export function safeUrl(href: string | null | undefined): string | null {
  if (!href) return null;
  try {
    const u = new URL(href);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

function Link({ href, title, children }: { href: string; title?: string | null | undefined; children: ReactNode }) {
  const onLink = useContext(LinkContext);
  const url = safeUrl(href);
  if (!url || !onLink) return <span className="md-link-inert" title={href}>{children}</span>;
  const open = (e: { preventDefault(): void }) => {
    e.preventDefault();
    onLink(url);
  };
  return (
    <a href={url} title={title ?? url} className="md-link" onClick={open} onAuxClick={open} rel="noreferrer noopener">
      {children}
    </a>
  );
}

export function inline(tokens: Token[] | undefined): ReactNode[] {
  return (tokens ?? []).map((t, i) => inlineToken(t, i));
}

function inlineToken(t: Token, key: number): ReactNode {
  switch (t.type) {
    case "text":
      // A fragment, not a span: an element per piece of text costs WebKit ~2 KB (shiki.ts).
      return "tokens" in t && t.tokens ? <Fragment key={key}>{inline(t.tokens)}</Fragment> : decodeEntities((t as Tokens.Text).text);
    case "escape":
      return (t as Tokens.Escape).text;
    case "strong":
      return <strong key={key}>{inline((t as Tokens.Strong).tokens)}</strong>;
    case "em":
      return <em key={key}>{inline((t as Tokens.Em).tokens)}</em>;
    case "del":
      return <del key={key}>{inline((t as Tokens.Del).tokens)}</del>;
    case "codespan":
      return <code key={key}>{decodeEntities((t as Tokens.Codespan).text)}</code>;
    case "br":
      return <br key={key} />;
    case "link": {
      const l = t as Tokens.Link;
      return <Link key={key} href={l.href} title={l.title}>{inline(l.tokens)}</Link>;
    }
    case "image": {
      const im = t as Tokens.Image;
      return <Link key={key} href={im.href} title={im.title}>{`[image: ${im.text || im.href}]`}</Link>;
    }
    case "mathInline": {
      const m = t as unknown as MathToken;
      return <MathTex key={key} tex={m.text} raw={m.raw} display={m.display} />;
    }
    case "checkbox":
      return <input key={key} type="checkbox" checked={(t as Tokens.Checkbox).checked} readOnly disabled className="md-task" />;
    // Raw HTML, and anything this renderer does not know: the source, as text.
    default:
      return t.raw;
  }
}

const ALIGN = (a: "center" | "left" | "right" | null) => (a ? `md-align-${a}` : undefined);

/** One block token; `code` renders fenced code (highlighted by the caller once closed). */
export function block(t: Token, key: number, code: (t: Tokens.Code, key: number) => ReactNode): ReactNode {
  const blocks = (ts: Token[] | undefined) => (ts ?? []).map((x, i) => block(x, i, code));
  switch (t.type) {
    case "heading": {
      const h = t as Tokens.Heading;
      const Tag = `h${Math.min(Math.max(h.depth, 1), 6)}` as "h1";
      return <Tag key={key}>{inline(h.tokens)}</Tag>;
    }
    case "paragraph":
      return <p key={key}>{inline((t as Tokens.Paragraph).tokens)}</p>;
    case "text": {
      const x = t as Tokens.Text;
      return <Fragment key={key}>{x.tokens ? inline(x.tokens) : decodeEntities(x.text)}</Fragment>;
    }
    case "code":
      return code(t as Tokens.Code, key);
    case "blockquote":
      return <blockquote key={key}>{blocks((t as Tokens.Blockquote).tokens)}</blockquote>;
    case "list": {
      const l = t as Tokens.List;
      const items = l.items.map((it, i) => (
        <li key={i} className={it.task ? "md-task-item" : undefined}>
          {it.tokens.map((x, j) => (x.type === "checkbox" ? inlineToken(x, j) : block(x, j, code)))}
        </li>
      ));
      return l.ordered ? (
        <ol key={key} start={typeof l.start === "number" && l.start !== 1 ? l.start : undefined}>{items}</ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case "table": {
      const tb = t as Tokens.Table;
      return (
        <div key={key} className="md-table-wrap">
          <table>
            <thead>
              <tr>{tb.header.map((c, i) => <th key={i} className={ALIGN(c.align)}>{inline(c.tokens)}</th>)}</tr>
            </thead>
            <tbody>
              {tb.rows.map((r, i) => (
                <tr key={i}>{r.map((c, j) => <td key={j} className={ALIGN(c.align)}>{inline(c.tokens)}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    }
    case "hr":
      return <hr key={key} />;
    case "mathBlock": {
      const m = t as unknown as MathToken;
      return (
        <div key={key} className="md-math-block">
          <MathTex tex={m.text} raw={m.raw.trim()} display />
        </div>
      );
    }
    case "space":
    case "def":
      return null;
    // Block HTML (`<script>…</script>`) and anything unknown: its source as text.
    default:
      return <p key={key} className="md-raw">{t.raw}</p>;
  }
}
