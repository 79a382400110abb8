import { createHash } from "node:crypto";
import { AppError } from "../../errors/app-error";
import type { TPutResult, TPutStreamOptions, TStagedBlob } from "./blob-store";

const HEAD_BYTES = 64;
const KEY_PATTERN = /^sha256\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/;

/** The storage key of bytes with this SHA-256 (hex): `sha256/ab/cd/<hash>`. */
export function contentKeyFor(sha256: string): string {
  return `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/** Refuses anything that is not a content address, so a key can never climb out of the store. */
export function assertContentKey(key: string): string {
  if (!KEY_PATTERN.test(key)) throw new AppError("BAD_REQUEST", `Not a storage key: ${key}`);
  return key;
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("FILE_TOO_LARGE", `The file is over the ${Math.round(maxBytes / (1024 * 1024))} MB limit. Split the PDF or send a smaller photo.`);
}

/**
 * The shared half of every putStream: hashes, counts and keeps the first bytes of the plaintext as it
 * flows to `stage` (optionally through `encode`, e.g. encryption), stops at maxBytes, runs the check,
 * and only then commits under the plaintext's content address. Anything refused is discarded.
 */
export async function putContentAddressed(
  stage: (body: AsyncIterable<Uint8Array>) => Promise<TStagedBlob>,
  body: AsyncIterable<Uint8Array>,
  opts: TPutStreamOptions,
  encode?: (plain: AsyncIterable<Uint8Array>) => AsyncIterable<Uint8Array>,
): Promise<TPutResult> {
  const hash = createHash("sha256");
  const head = new Uint8Array(HEAD_BYTES);
  let size = 0;
  async function* measured(): AsyncGenerator<Uint8Array> {
    for await (const chunk of body) {
      if (size < HEAD_BYTES) head.set(chunk.subarray(0, HEAD_BYTES - size), size);
      size += chunk.byteLength;
      if (size > opts.maxBytes) throw tooLarge(opts.maxBytes);
      hash.update(chunk);
      yield chunk;
    }
  }
  const staged = await stage(encode ? encode(measured()) : measured());
  const headBytes = head.slice(0, Math.min(size, HEAD_BYTES));
  try {
    const sha256 = hash.digest("hex");
    opts.check?.(headBytes, size, sha256);
    const key = contentKeyFor(sha256);
    await staged.commit(key);
    return { key, sha256, size, head: headBytes };
  } catch (error) {
    await staged.discard();
    throw error;
  }
}
