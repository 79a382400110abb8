/** One recognised character and the frame (column of the model's output) it was read at. */
export type TDecodedChar = { char: string; frame: number; confidence: number };

/**
 * Greedy CTC decoding of one line: the best class per frame, repeats collapsed, blanks (class 0)
 * dropped. `allowed[c]` masks classes out (characters of scripts the deployment does not read),
 * so a Latin "O" is never read as a similar CJK sign. Class k + 1 is `alphabet[k]`.
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
    if (best !== 0 && best !== previous) {
      const char = alphabet[best - 1];
      if (char !== undefined) out.push({ char, frame: t, confidence: bestProb });
    }
    previous = best;
  }
  return out;
}
