/** Character error rate: Levenshtein distance over the reference length, whitespace collapsed. */
export function characterErrorRate(hypothesis: string, reference: string): number {
  const h = hypothesis.replace(/\s+/g, " ").trim();
  const r = reference.replace(/\s+/g, " ").trim();
  if (r.length === 0) return h.length === 0 ? 0 : 1;
  let previous = Array.from({ length: h.length + 1 }, (_, j) => j);
  for (let i = 1; i <= r.length; i++) {
    const current = [i];
    for (let j = 1; j <= h.length; j++) {
      const cost = r[i - 1] === h[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return (previous[h.length] ?? r.length) / r.length;
}
