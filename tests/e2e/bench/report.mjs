// The benches' one way of reporting timings: a Markdown row (count, p50, p95, max, target) to
// $BENCH_OUT, or to standard output when run alone.
import { appendFileSync } from "node:fs";

/** Nearest-rank percentile of `xs` (p in 0–100). */
export function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

export function row(what, xs, target) {
  const f = (v) => `${v.toFixed(1)} ms`;
  const line = `| ${what} | ${xs.length} | ${f(pct(xs, 50))} | ${f(pct(xs, 95))} | ${f(Math.max(...xs))} | ${target} |\n`;
  if (process.env.BENCH_OUT) appendFileSync(process.env.BENCH_OUT, line);
  else process.stdout.write(line);
}
