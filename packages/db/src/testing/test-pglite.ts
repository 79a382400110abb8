// The embedded backend for integration tests: an in-memory PGlite served on loopback (as in
// embedded mode), migrated, one per test file. It serves one database whatever the URL names.
import { startEmbeddedPostgres } from "../embedded-postgres";
import { migrate } from "../migrate";

export type TTestPglite = { url: string; stop(): Promise<void> };

export async function startTestPglite(opts: { maxConnections?: number } = {}): Promise<TTestPglite> {
  const server = await startEmbeddedPostgres({ maxConnections: opts.maxConnections ?? 100 });
  try {
    await migrate(server.url);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}
