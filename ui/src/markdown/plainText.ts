// An answer as plain text, from what is drawn (the column's "Copy text"): what a person reads,
// not the Markdown source.
//
// Invariants: paragraphs, headings, code, quotes and tables are separated by a blank line, list
// items and table rows by a line break, cells by a tab; each formula is its TeX, once (KaTeX draws
// a formula twice — MathML for screen readers, HTML for the eye — so `textContent` would repeat
// it run together); the code block's own header (its language, the Copy button) is left out.
const SPACED = new Set(["P", "H1", "H2", "H3", "H4", "H5", "H6", "PRE", "BLOCKQUOTE", "TABLE", "UL", "OL", "HR"]);
const LINED = new Set(["LI", "TR"]);

export function plainTextOf(root: Element): string {
  let out = "";
  const breakLine = (n: number) => {
    if (out === "") return;
    const have = /\n*$/.exec(out)![0].length;
    if (have < n) out += "\n".repeat(n - have);
  };
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      out += node.nodeValue ?? "";
      return;
    }
    if (!(node instanceof Element)) return;
    if (node.classList.contains("md-code-head")) return;
    if (node.classList.contains("md-math")) {
      const tex = node.querySelector("annotation")?.textContent ?? node.textContent ?? "";
      if (node.classList.contains("md-math-display")) {
        breakLine(1);
        out += tex;
        breakLine(1);
      } else out += tex;
      return;
    }
    const spaced = SPACED.has(node.tagName);
    const lined = LINED.has(node.tagName);
    if (spaced) breakLine(2);
    else if (lined) breakLine(1);
    if (node.tagName === "TD" || node.tagName === "TH") {
      if (node.previousElementSibling) out += "\t";
    }
    node.childNodes.forEach(walk);
    if (spaced) breakLine(2);
  };
  walk(root);
  return out.trim();
}
