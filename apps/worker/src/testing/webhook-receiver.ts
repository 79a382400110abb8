// Test helper: a webhook receiver on 127.0.0.1 that records every request it gets.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export type TReceived = { path: string; headers: IncomingHttpHeaders; body: string };

/** Starts the receiver; each request is pushed to `into` and answered with `status(path)` (204 unless it says otherwise). */
export async function startWebhookReceiver(into: TReceived[], status: (path: string) => number = () => 204) {
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const path = req.url ?? "";
      into.push({ path, headers: req.headers, body });
      res.statusCode = status(path);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
