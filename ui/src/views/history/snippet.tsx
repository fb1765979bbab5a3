/** Matched words arrive between « and »; they are shown highlighted (as text, never HTML). */
export function renderSnippet(snippet: string) {
  return snippet.split(/(«[^»]*»)/).map((part, i) => (part.startsWith("«") && part.endsWith("»") ? <mark key={i}>{part.slice(1, -1)}</mark> : part));
}
