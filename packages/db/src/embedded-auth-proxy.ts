import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto";
import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * PGlite's socket server accepts any password (it answers AuthenticationOk to every startup). This
 * front door on the loopback port asks for the password first, with SCRAM-SHA-256 as PostgreSQL
 * does (psql, pg and Prisma speak it; the password never crosses the socket), and only then
 * connects the client to PGlite's server, on a Unix socket in a private (0700) directory.
 */
const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const ITERATIONS = 4096;

type TScramKeys = { salt: Buffer; storedKey: Buffer; serverKey: Buffer };

function scramKeys(password: string): TScramKeys {
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password.normalize("NFKC"), salt, ITERATIONS, 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  return { salt, storedKey: createHash("sha256").update(clientKey).digest(), serverKey: createHmac("sha256", salted).update("Server Key").digest() };
}

/** Reads whole protocol messages from a socket as they arrive. */
function messageReader(socket: Socket) {
  let buffered = Buffer.alloc(0);
  let wake: (() => void) | undefined;
  let ended = false;
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    wake?.();
  };
  const onEnd = () => {
    ended = true;
    wake?.();
  };
  socket.on("data", onData);
  socket.on("end", onEnd);
  socket.on("close", onEnd);
  async function take(size: number): Promise<Buffer> {
    while (buffered.length < size) {
      if (ended) throw new Error("the client went away");
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
    const out = buffered.subarray(0, size);
    buffered = buffered.subarray(size);
    return out;
  }
  return {
    /** A startup-phase message (no type byte): its whole bytes, length included. */
    async untyped(): Promise<Buffer> {
      const head = await take(4);
      const length = head.readInt32BE(0);
      if (length < 8 || length > 10_000) throw new Error("not a PostgreSQL startup message");
      return Buffer.concat([head, await take(length - 4)]);
    },
    /** A typed message: its type and body. */
    async typed(): Promise<{ type: string; body: Buffer }> {
      const head = await take(5);
      const length = head.readInt32BE(1);
      if (length < 4 || length > 10_000) throw new Error("malformed message");
      return { type: String.fromCharCode(head[0] ?? 0), body: await take(length - 4) };
    },
    /** Stops reading; answers what arrived but was not read yet. */
    release(): Buffer {
      socket.off("data", onData);
      socket.off("end", onEnd);
      socket.off("close", onEnd);
      return buffered;
    },
  };
}

function authRequest(code: number, data: Buffer = Buffer.alloc(0)): Buffer {
  const out = Buffer.alloc(9 + data.length);
  out.write("R", 0);
  out.writeInt32BE(8 + data.length, 1);
  out.writeInt32BE(code, 5);
  data.copy(out, 9);
  return out;
}

function fatal(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`, "utf8");
  const out = Buffer.alloc(5 + fields.length);
  out.write("E", 0);
  out.writeInt32BE(4 + fields.length, 1);
  fields.copy(out, 5);
  return out;
}

function startupUser(message: Buffer): string {
  const parts = message.subarray(8).toString("utf8").split("\0");
  for (let i = 0; i + 1 < parts.length; i += 2) if (parts[i] === "user") return parts[i + 1] ?? "";
  return "";
}

/** Runs SCRAM-SHA-256 with the client; true when it proved the password. */
async function scram(socket: Socket, reader: ReturnType<typeof messageReader>, keys: TScramKeys): Promise<boolean> {
  socket.write(authRequest(10, Buffer.from("SCRAM-SHA-256\0\0", "utf8")));
  const initial = await reader.typed();
  if (initial.type !== "p") return false;
  const mechanismEnd = initial.body.indexOf(0);
  if (initial.body.subarray(0, mechanismEnd).toString() !== "SCRAM-SHA-256") return false;
  const clientFirst = initial.body.subarray(mechanismEnd + 5).toString("utf8");
  const gs2 = /^([ny]),[^,]*,/.exec(clientFirst);
  if (!gs2) return false;
  const gs2Header = gs2[0];
  const clientFirstBare = clientFirst.slice(gs2Header.length);
  const clientNonce = /(?:^|,)r=([^,]+)/.exec(clientFirstBare)?.[1];
  if (!clientNonce) return false;
  const nonce = clientNonce + randomBytes(18).toString("base64");
  const serverFirst = `r=${nonce},s=${keys.salt.toString("base64")},i=${ITERATIONS}`;
  socket.write(authRequest(11, Buffer.from(serverFirst, "utf8")));

  const final = await reader.typed();
  if (final.type !== "p") return false;
  const clientFinal = final.body.toString("utf8");
  const proofAt = clientFinal.lastIndexOf(",p=");
  if (proofAt < 0) return false;
  const withoutProof = clientFinal.slice(0, proofAt);
  if (withoutProof !== `c=${Buffer.from(gs2Header).toString("base64")},r=${nonce}`) return false;
  const proof = Buffer.from(clientFinal.slice(proofAt + 3), "base64");
  const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
  const signature = createHmac("sha256", keys.storedKey).update(authMessage).digest();
  if (proof.length !== signature.length) return false;
  const clientKey = Buffer.from(proof.map((byte, i) => byte ^ (signature[i] ?? 0)));
  if (!timingSafeEqual(createHash("sha256").update(clientKey).digest(), keys.storedKey)) return false;
  const serverSignature = createHmac("sha256", keys.serverKey).update(authMessage).digest("base64");
  socket.write(authRequest(12, Buffer.from(`v=${serverSignature}`, "utf8")));
  return true;
}

async function handle(client: Socket, innerPath: string, keys: TScramKeys): Promise<void> {
  const reader = messageReader(client);
  let startup = await reader.untyped();
  for (;;) {
    const code = startup.readInt32BE(4);
    if (code !== SSL_REQUEST && code !== GSS_REQUEST) break;
    client.write("N"); // loopback only: no TLS
    startup = await reader.untyped();
  }
  if (startup.readInt32BE(4) === CANCEL_REQUEST) {
    // Cancels carry the backend's secret key, not a password: pass them on as they are.
    const inner = connect(innerPath, () => inner.end(startup));
    inner.on("error", () => undefined);
    client.end();
    return;
  }
  const user = startupUser(startup);
  if (!(await scram(client, reader, keys))) {
    client.end(fatal("28P01", `password authentication failed for user "${user}"`));
    return;
  }
  // Proven: PGlite's server gets the startup message (it answers AuthenticationOk, parameters and
  // ReadyForQuery, which is what the client waits for after SCRAM) and the rest of the conversation.
  const pending = reader.release();
  const inner = connect(innerPath);
  inner.on("error", () => client.destroy());
  client.on("error", () => inner.destroy());
  inner.write(startup);
  if (pending.length) inner.write(pending);
  client.pipe(inner);
  inner.pipe(client);
}

/** Listens on host:port, lets in only clients that prove `password`, and pipes them to `innerPath`. */
export async function startAuthProxy(opts: {
  host: string;
  port: number;
  innerPath: string;
  password: string;
}): Promise<{ port: number; close(): Promise<void> }> {
  const keys = scramKeys(opts.password);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => undefined);
    handle(client, opts.innerPath, keys).catch(() => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : opts.port,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
