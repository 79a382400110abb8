import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeEncryptionKey, decryptBlob, encryptBlob } from "./blob-cipher";
import { chunks } from "../../../testing/bytes";

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

describe("blob cipher", () => {
  it("accepts a 32-byte key as base64 or hex and nothing else", () => {
    const key = randomBytes(32);
    expect(decodeEncryptionKey(key.toString("base64"))?.equals(key)).toBe(true);
    expect(decodeEncryptionKey(key.toString("base64url"))?.equals(key)).toBe(true);
    expect(decodeEncryptionKey(key.toString("hex"))?.equals(key)).toBe(true);
    expect(decodeEncryptionKey(randomBytes(16).toString("base64"))).toBeUndefined();
    expect(decodeEncryptionKey("correct horse battery staple")).toBeUndefined();
  });

  it("decrypts whatever way the ciphertext is chunked on the way back", async () => {
    const key = randomBytes(32);
    const plain = randomBytes(10_000);
    const sealed = await collect(encryptBlob(chunks(plain), key, 999));
    const oneByteAtATime = Array.from({ length: sealed.length }, (_, i) => sealed.subarray(i, i + 1));
    expect((await collect(decryptBlob(chunks(...oneByteAtATime), key))).equals(plain)).toBe(true);
    expect((await collect(decryptBlob(chunks(sealed), key))).equals(plain)).toBe(true);
  });

  it("encrypts the same bytes differently every time", async () => {
    const key = randomBytes(32);
    const plain = randomBytes(100);
    const a = await collect(encryptBlob(chunks(plain), key));
    const b = await collect(encryptBlob(chunks(plain), key));
    expect(a.equals(b)).toBe(false);
  });

  it("refuses a file shorter than its header or missing its last frame", async () => {
    const key = randomBytes(32);
    const sealed = await collect(encryptBlob(chunks(randomBytes(50)), key));
    await expect(collect(decryptBlob(chunks(sealed.subarray(0, 20)), key))).rejects.toMatchObject({ code: "HASH_MISMATCH" });
    await expect(collect(decryptBlob(chunks(sealed.subarray(0, 40)), key))).rejects.toMatchObject({ code: "HASH_MISMATCH" });
    await expect(collect(decryptBlob(chunks(), key))).rejects.toMatchObject({ code: "HASH_MISMATCH" });
  });
});
