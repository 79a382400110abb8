import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { S3BlobStore } from "./s3-blob-store";
import { chunks } from "../../../testing/bytes";

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

type TSeen = { method: string; url: string; md5: string | undefined; body: Buffer };

// Retry behaviour needs a server that fails on purpose: a few lines of HTTP on loopback, not a mock of the SDK.
describe("S3BlobStore upload retries", () => {
  let server: Server;
  let seen: TSeen[];
  let failuresLeft: number;
  let stagingDir: string;
  let endpoint: string;

  beforeEach(async () => {
    seen = [];
    stagingDir = await mkdtemp(join(tmpdir(), "dv-s3-unit-"));
    server = createServer((req, res) => {
      void bodyOf(req).then((body) => {
        const md5 = req.headers["content-md5"];
        seen.push({ method: req.method ?? "", url: req.url ?? "", md5: typeof md5 === "string" ? md5 : undefined, body });
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          res.writeHead(503, { "content-type": "application/xml" });
          res.end("<Error><Code>SlowDown</Code><Message>busy</Message></Error>");
          return;
        }
        res.writeHead(200, { etag: '"x"' });
        res.end();
      });
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.close();
    await rm(stagingDir, { recursive: true, force: true });
  });

  const storeWith = (maxAttempts: number) =>
    new S3BlobStore({
      bucket: "b",
      region: "us-east-1",
      endpoint,
      forcePathStyle: true,
      accessKeyId: "k",
      secretAccessKey: "s",
      stagingDir,
      maxAttempts,
    });

  it("retries a 503 with the whole body again and a correct Content-MD5", async () => {
    failuresLeft = 2;
    const plain = randomBytes(100_000);
    const put = await storeWith(3).putStream(chunks(plain), { maxBytes: 1_000_000 });
    const puts = seen.filter((s) => s.method === "PUT");
    expect(puts).toHaveLength(3);
    for (const attempt of puts) {
      expect(attempt.url.split("?")[0]).toBe(`/b/${put.key}`);
      expect(attempt.body.equals(plain)).toBe(true);
      expect(attempt.md5).toBe(createHash("md5").update(plain).digest("base64"));
    }
    expect(await readdir(stagingDir)).toEqual([]);
  });

  it("gives up after maxAttempts with STORAGE_FAILED and cleans the staging file", async () => {
    failuresLeft = 10;
    const attempt = storeWith(2).putStream(chunks(randomBytes(10)), { maxBytes: 100 });
    await expect(attempt).rejects.toMatchObject({ code: "STORAGE_FAILED", retryable: true });
    expect(seen.filter((s) => s.method === "PUT")).toHaveLength(2);
    expect(await readdir(stagingDir)).toEqual([]);
  });
});
