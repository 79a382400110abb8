import { createHash } from "node:crypto";
import { AppError } from "../../errors/app-error";
import type { TPutResult, TPutStreamOptions, TStagedBlob, TStagingBlobStore } from "./blob-store";
import { decryptBlob, DEFAULT_FRAME_BYTES, encryptBlob } from "./blob-cipher";
import { assertContentKey, putContentAddressed } from "./content-address";

/** Fails the read at the end when the plaintext does not hash to the key it was fetched under. */
async function* verifiedAgainstKey(plain: AsyncIterable<Uint8Array>, key: string): AsyncGenerator<Uint8Array> {
  const hash = createHash("sha256");
  for await (const chunk of plain) {
    hash.update(chunk);
    yield chunk;
  }
  const expected = key.slice(key.lastIndexOf("/") + 1);
  if (hash.digest("hex") !== expected) {
    throw new AppError("HASH_MISMATCH", `The stored file ${key} decrypted to other bytes than its address: it was swapped or altered.`);
  }
}

/**
 * Encryption at rest over any staging store (filesystem or S3): AES-256-GCM in authenticated frames
 * (format in blob-cipher.ts). Keys stay the SHA-256 of the plaintext, so deduplication and the
 * documents' hashes are unchanged; reads check the tags and the plaintext hash against the key.
 */
export class EncryptingBlobStore implements TStagingBlobStore {
  private readonly masterKey: Buffer;

  constructor(
    private readonly inner: TStagingBlobStore,
    masterKey: Uint8Array,
    private readonly frameSize: number = DEFAULT_FRAME_BYTES,
  ) {
    if (masterKey.byteLength !== 32) {
      throw new AppError("INTERNAL", "The storage encryption key must be 32 bytes (AES-256).");
    }
    this.masterKey = Buffer.from(masterKey);
  }

  sweepStaging(maxAgeMs: number): Promise<number> {
    return this.inner.sweepStaging(maxAgeMs);
  }

  stage(body: AsyncIterable<Uint8Array>): Promise<TStagedBlob> {
    return this.inner.stage(encryptBlob(body, this.masterKey, this.frameSize));
  }

  putStream(body: AsyncIterable<Uint8Array>, opts: TPutStreamOptions): Promise<TPutResult> {
    return putContentAddressed(
      (sealed) => this.inner.stage(sealed),
      body,
      opts,
      (plain) => encryptBlob(plain, this.masterKey, this.frameSize),
    );
  }

  async getStream(key: string): Promise<AsyncIterable<Uint8Array>> {
    assertContentKey(key);
    const sealed = await this.inner.getStream(key);
    return verifiedAgainstKey(decryptBlob(sealed, this.masterKey, key), key);
  }

  /** Streams and decrypts frame by frame, so the ciphertext is never held whole next to the plaintext. */
  async get(key: string): Promise<Buffer> {
    const parts: Uint8Array[] = [];
    for await (const part of await this.getStream(key)) parts.push(part);
    return Buffer.concat(parts);
  }

  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }

  exists(key: string): Promise<boolean> {
    return this.inner.exists(key);
  }
}
