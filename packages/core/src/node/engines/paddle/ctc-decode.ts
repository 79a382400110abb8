/** One recognised character, the frame (column of the model's output) it was read at, and the runners-up there. */
export type TDecodedChar = { char: string; frame: number; confidence: number; alternatives: { char: string; p: number }[] };

const RUNNERS_UP = 3;

/**
 * Greedy CTC decoding of one line: the best class per frame, repeats collapsed, blanks (class 0)
 * dropped. `allowed[c]` masks classes out (characters of scripts the deployment does not read),
 * so a Latin "O" is never read as a similar CJK sign. Class k + 1 is `alphabet[k]`. Each character
 * keeps the next best readings at its most certain frame, for the confusion fixes (0/O, 1/l, ...).
 */
export function ctcDecode(probs: Float32Array, offset: number, frames: number, classes: number, alphabet: string[], allowed: Uint8Array): TDecodedChar[] {
  const out: TDecodedChar[] = [];
  let previous = -1;
  for (let t = 0; t < frames; t++) {
    const base = offset + t * classes;
    let best = 0;
    let bestProb = probs[base] as number;
    for (let c = 1; c < classes; c++) {
      const p = probs[base + c] as number;
      if (p > bestProb && allowed[c] === 1) {
        best = c;
        bestProb = p;
      }
    }
    if (best !== 0 && best === previous) {
      // Same character over several frames: keep the frame it is surest at.
      const last = out[out.length - 1];
      if (last && bestProb > last.confidence) {
        last.confidence = bestProb;
        last.alternatives = runnersUp(probs, base, classes, alphabet, allowed, best);
      }
    } else if (best !== 0) {
      const char = alphabet[best - 1];
      if (char !== undefined) {
        out.push({ char, frame: t, confidence: bestProb, alternatives: runnersUp(probs, base, classes, alphabet, allowed, best) });
      }
    }
    previous = best;
  }
  return out;
}

function runnersUp(probs: Float32Array, base: number, classes: number, alphabet: string[], allowed: Uint8Array, skip: number): { char: string; p: number }[] {
  const top: { c: number; p: number }[] = [];
  for (let c = 1; c < classes; c++) {
    if (c === skip || allowed[c] !== 1) continue;
    const p = probs[base + c] as number;
    if (top.length < RUNNERS_UP || p > (top[top.length - 1] as { p: number }).p) {
      top.push({ c, p });
      top.sort((a, b) => b.p - a.p);
      if (top.length > RUNNERS_UP) top.pop();
    }
  }
  return top.map(({ c, p }) => ({ char: alphabet[c - 1] ?? "", p }));
}
