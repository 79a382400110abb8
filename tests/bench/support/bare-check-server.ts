/**
 * What the known-file check costs without the framework: the same question answered by a bare
 * node:http server doing the same work per request (the Bearer token looked up once and kept, as
 * the web app's token cache does; the owner's document found by hash through Prisma, same pool
 * size), with none of Next's routing, proxy, tRPC or logging. dedup-hit starts it as a process of
 * its own (DATABASE_URL, PORT) beside the production web app and loads both the same way; it
 * prints "ready" once it listens.
 */
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { createDb, findOwnDocumentByHash, useApiToken } from "@docvault/db";

const db = createDb(process.env.DATABASE_URL ?? "");
const owners = new Map<string, string>();

async function ownerOf(token: string): Promise<string | undefined> {
  const cached = owners.get(token);
  if (cached) return cached;
  const found = await useApiToken(db, createHash("sha256").update(token, "utf8").digest("hex"));
  if (found) owners.set(token, found.user.id);
  return found?.user.id;
}

const server = createServer((req, res) => {
  if (req.url === "/healthz") {
    res.writeHead(200).end("ok");
    return;
  }
  const sha256 = /\/documents\/by-hash\/([0-9a-f]{64})$/.exec(req.url ?? "")?.[1];
  const token = /^Bearer\s+(\S+)$/.exec(req.headers.authorization ?? "")?.[1];
  if (!sha256 || !token) {
    res.writeHead(400).end();
    return;
  }
  void (async () => {
    const ownerId = await ownerOf(token);
    if (!ownerId) return res.writeHead(401).end();
    const found = await findOwnDocumentByHash(db, { ownerId, sha256 });
    const body = found ? { known: true, ...found } : { known: false, documentId: null, jobId: null, jobStatus: null };
    return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  })().catch(() => res.writeHead(500).end());
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
