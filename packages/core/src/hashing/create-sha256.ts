import { createSHA256 } from "hash-wasm";
import { AppError } from "../errors/app-error";

/** An incremental SHA-256: feed chunks in order, then read the digest once. */
export type TSha256Hasher = {
  update(chunk: Uint8Array): TSha256Hasher;
  /** Lowercase hex, the same as node:crypto's `digest("hex")`. */
  digest(): string;
};

/**
 * A SHA-256 hasher that runs the same in Node, the browser and a Web Worker. hash-wasm embeds its
 * wasm in the package (no download), and the hasher's state is a few hundred bytes whatever is fed.
 */
export async function createSha256(): Promise<TSha256Hasher> {
  const inner = await createSHA256();
  let done = false;
  const hasher: TSha256Hasher = {
    update(chunk) {
      // hash-wasm would silently hash into a finished state; a second digest would then be wrong.
      if (done) throw new AppError("INTERNAL", "SHA-256 update() called after digest().");
      inner.update(chunk);
      return hasher;
    },
    digest() {
      if (done) throw new AppError("INTERNAL", "SHA-256 digest() called twice.");
      done = true;
      return inner.digest("hex");
    },
  };
  return hasher;
}

/** SHA-256 of bytes already in memory, as lowercase hex. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return (await createSha256()).update(bytes).digest();
}
