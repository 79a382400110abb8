import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { AppError } from "../../errors/app-error";

/*
 * Encrypted blob format, version 1 (all integers big-endian):
 *
 *   header  = magic "DVBE" (4) | version 0x01 (1) | frameSize u32 (4) | keyId (8) | salt (16)   = 33 bytes
 *   frame_i = AES-256-GCM ciphertext of plaintext bytes [i*frameSize, (i+1)*frameSize) | tag (16)
 *
 * - fileKey = HKDF-SHA256(masterKey, salt, "docvault/blob/v1", 32): a fresh key per file, so GCM
 *   nonces never repeat under one key however many files are stored.
 * - nonce_i = lastFlag (1) | 0x000000 (3) | i as u64 (8); lastFlag is 1 on the final frame only. A
 *   reordered, dropped or appended frame, or a file cut at a frame boundary, fails authentication.
 * - AAD of every frame = the header, so the salt, frame size and version cannot be swapped either.
 * - Every frame but the last holds exactly frameSize plaintext bytes; the last holds 0..frameSize.
 *   An empty file is the header plus one empty final frame (16 bytes of tag).
 * - keyId = first 8 bytes of HMAC-SHA256(masterKey, "docvault/blob-key-id"): tells "wrong key" apart
 *   from "damaged file" without revealing anything about the key.
 */

const MAGIC = Buffer.from("DVBE", "ascii");
const VERSION = 1;
const HEADER_BYTES = 33;
const TAG_BYTES = 16;
const MAX_FRAME_BYTES = 16 * 1024 * 1024;
export const DEFAULT_FRAME_BYTES = 64 * 1024;

/** Decodes a 32-byte key given as base64 (44 chars) or hex (64 chars); undefined when it is neither. */
export function decodeEncryptionKey(value: string): Buffer | undefined {
  const text = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const bytes = Buffer.from(text, "base64");
    return bytes.length === 32 ? bytes : undefined;
  }
  return undefined;
}

/** A short public fingerprint of a master key, stored in each header. */
export function keyIdOf(masterKey: Uint8Array): Buffer {
  return createHmac("sha256", masterKey).update("docvault/blob-key-id").digest().subarray(0, 8);
}

function fileKeyOf(masterKey: Uint8Array, salt: Uint8Array): Buffer {
  return Buffer.from(hkdfSync("sha256", masterKey, salt, "docvault/blob/v1", 32));
}

function nonceOf(index: number, last: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  nonce[0] = last ? 1 : 0;
  nonce.writeBigUInt64BE(BigInt(index), 4);
  return nonce;
}

function assertMasterKey(masterKey: Uint8Array): void {
  if (masterKey.byteLength !== 32) {
    throw new AppError("INTERNAL", "The storage encryption key must be 32 bytes (AES-256).");
  }
}

/** Encrypts a plaintext stream frame by frame; never holds more than about one frame. */
export async function* encryptBlob(
  plain: AsyncIterable<Uint8Array>,
  masterKey: Uint8Array,
  frameSize: number = DEFAULT_FRAME_BYTES,
): AsyncGenerator<Uint8Array> {
  assertMasterKey(masterKey);
  if (!Number.isInteger(frameSize) || frameSize < 1 || frameSize > MAX_FRAME_BYTES) {
    throw new AppError("INTERNAL", `Bad encryption frame size ${frameSize}.`);
  }
  const salt = randomBytes(16);
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header[4] = VERSION;
  header.writeUInt32BE(frameSize, 5);
  keyIdOf(masterKey).copy(header, 9);
  salt.copy(header, 17);
  const fileKey = fileKeyOf(masterKey, salt);
  let index = 0;
  const seal = (bytes: Uint8Array, last: boolean): Buffer => {
    const cipher = createCipheriv("aes-256-gcm", fileKey, nonceOf(index, last));
    cipher.setAAD(header);
    const sealed = Buffer.concat([cipher.update(bytes), cipher.final(), cipher.getAuthTag()]);
    index += 1;
    return sealed;
  };

  yield header;
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of plain) {
    pending = pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([pending, chunk]);
    // Strictly more than a frame: only then is it certain this frame is not the last one.
    while (pending.length > frameSize) {
      yield seal(pending.subarray(0, frameSize), false);
      pending = pending.subarray(frameSize);
    }
  }
  yield seal(pending, true);
}

function damaged(label: string, detail: string): AppError {
  return new AppError("HASH_MISMATCH", `The stored file ${label} failed its integrity check (${detail}): it was altered or damaged after it was stored.`);
}

type THeader = { header: Buffer; frameSize: number; fileKey: Buffer; rest: Buffer };

function parseHeader(bytes: Buffer, masterKey: Uint8Array, label: string): THeader {
  if (!bytes.subarray(0, 4).equals(MAGIC)) {
    throw new AppError(
      "HASH_MISMATCH",
      `The stored file ${label} is not encrypted (or is damaged), but encryption at rest is on. Files stored before it was turned on must be re-encrypted.`,
    );
  }
  if (bytes[4] !== VERSION) {
    throw new AppError("HASH_MISMATCH", `The stored file ${label} uses encryption format ${bytes[4]}, which this version cannot read.`);
  }
  const header = bytes.subarray(0, HEADER_BYTES);
  const frameSize = header.readUInt32BE(5);
  if (frameSize < 1 || frameSize > MAX_FRAME_BYTES) throw damaged(label, "bad frame size");
  const keyId = header.subarray(9, 17);
  const expected = keyIdOf(masterKey);
  if (!keyId.equals(expected)) {
    throw new AppError(
      "HASH_MISMATCH",
      `The stored file ${label} was encrypted with another key (id ${keyId.toString("hex")}; the configured STORAGE_ENCRYPTION_KEY has id ${expected.toString("hex")}). Configure the key it was stored with.`,
    );
  }
  return { header, frameSize, fileKey: fileKeyOf(masterKey, header.subarray(17, 33)), rest: bytes.subarray(HEADER_BYTES) };
}

/**
 * Decrypts a stream written by encryptBlob, yielding each frame only after its tag checked out.
 * Throws HASH_MISMATCH (not retryable) for a wrong key, an altered byte or a truncated file.
 */
export async function* decryptBlob(sealed: AsyncIterable<Uint8Array>, masterKey: Uint8Array, label = ""): AsyncGenerator<Uint8Array> {
  assertMasterKey(masterKey);
  let parsed: THeader | undefined;
  let pending: Buffer = Buffer.alloc(0);
  let index = 0;
  const open = (h: THeader, record: Buffer, last: boolean): Buffer => {
    const decipher = createDecipheriv("aes-256-gcm", h.fileKey, nonceOf(index, last));
    decipher.setAAD(h.header);
    decipher.setAuthTag(record.subarray(record.length - TAG_BYTES));
    try {
      const plain = Buffer.concat([decipher.update(record.subarray(0, record.length - TAG_BYTES)), decipher.final()]);
      index += 1;
      return plain;
    } catch {
      throw damaged(label, `frame ${index} does not authenticate`);
    }
  };

  for await (const chunk of sealed) {
    pending = pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([pending, chunk]);
    if (!parsed) {
      if (pending.length < HEADER_BYTES) continue;
      parsed = parseHeader(pending, masterKey, label);
      pending = parsed.rest;
    }
    const recordSize = parsed.frameSize + TAG_BYTES;
    while (pending.length > recordSize) {
      yield open(parsed, pending.subarray(0, recordSize), false);
      pending = pending.subarray(recordSize);
    }
  }
  if (!parsed) {
    if (pending.length >= 4 && !pending.subarray(0, 4).equals(MAGIC)) parseHeader(pending, masterKey, label);
    throw damaged(label, "shorter than its header");
  }
  if (pending.length < TAG_BYTES) throw damaged(label, "truncated");
  yield open(parsed, pending, true);
}
