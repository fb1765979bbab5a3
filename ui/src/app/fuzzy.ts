// Fuzzy ranking for the palette: uFuzzy (small, fast on thousands of short strings, tolerant of
// one typo per term and of terms in any order: "sonnet claude" finds "anthropic/claude-sonnet-4.5").
import uFuzzy from "@leeoniya/ufuzzy";

const uf = new uFuzzy({ intraMode: 1, intraIns: 1 });

/** Indexes of `haystack` that match `needle`, best first, at most `limit`. */
export function rank(haystack: string[], needle: string, limit: number): number[] {
  const q = needle.trim();
  if (q === "") return haystack.slice(0, limit).map((_, i) => i);
  const [idxs, info, order] = uf.search(haystack, q, 1, 1000);
  if (!idxs) return [];
  if (info && order) return order.slice(0, limit).map((o) => info.idx[o]!);
  return idxs.slice(0, limit);
}
