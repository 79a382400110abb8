/**
 * The production web server: Next's request handler on a Node HTTP server of our own, instead of
 * `next start`, for two things `next start` cannot do:
 * - a request timeout as long as an upload may take (UPLOAD_MAX_DURATION_MS), where Node's default
 *   300 s `requestTimeout` cut a slow phone's upload off half way;
 * - the socket's address handed down to the routes (peer-address.ts), so rate limits count the
 *   real client and not an X-Forwarded-For header any client can write (TRUSTED_PROXIES);
 * - a fast lane (http/fast-lane.ts) for the known-file check asked before every upload and for the
 *   upload itself, answered with the same code as their routes but without Next's router in the
 *   way (7x the requests for the check).
 * Usage: node --import tsx src/serve.ts [-p port] [-H host]   (what `pnpm start` runs)
 */
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import next from "next";
import { env } from "./env";
import { answerInFastLane, takenByFastLane } from "./server/http/fast-lane";
import { runWithPeer } from "./server/http/peer-address";
import { startedServices } from "./server/services";

function argument(names: string[], fallback: string): string {
  const at = process.argv.findIndex((a) => names.includes(a));
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

const port = Number(argument(["-p", "--port"], "3000"));
const hostname = argument(["-H", "--hostname"], "0.0.0.0");
const config = env();
const app = next({ dev: false, dir: fileURLToPath(new URL("..", import.meta.url)), hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer(
  {
    // The upload route ends a slow upload itself at UPLOAD_MAX_DURATION_MS, with a 408 and a sentence;
    // Node's own cut-off comes a minute later, for anything else that hangs.
    requestTimeout: config.UPLOAD_MAX_DURATION_MS + 60_000,
  },
  (req, res) => {
    const forwarded = req.headers["x-forwarded-for"];
    const peer = { address: req.socket.remoteAddress ?? "unknown", forwardedFor: Array.isArray(forwarded) ? forwarded.join(",") : forwarded };
    void runWithPeer(peer, () => (takenByFastLane(req) ? answerInFastLane(req, res) : handle(req, res)));
  },
);
server.listen(port, hostname, () => console.log(`[docvault web] listening on http://${hostname}:${port}`));

function stop() {
  // Connections closed first, then what the requests used (queue connections, pools, counts not yet written).
  server.close(() => void (startedServices()?.shutdown() ?? Promise.resolve()).catch(() => undefined).finally(() => process.exit(0)));
  setTimeout(() => process.exit(0), 10_000).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
