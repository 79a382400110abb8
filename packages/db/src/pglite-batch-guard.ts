import type { PGlite } from "@electric-sql/pglite";

// Frontend message types (PostgreSQL protocol): these end a request; every other extended-protocol
// message (Parse, Bind, Describe, Execute, Close, Flush) leaves one open until the next Sync.
const SYNC = 0x53;
const QUERY = 0x51;
const TERMINATE = 0x58;
const SYNC_MESSAGE = new Uint8Array([SYNC, 0, 0, 0, 4]);

/**
 * PGlite has one session, which pglite-socket shares between all its connections, one protocol
 * message at a time. It keeps a connection to itself only inside a transaction; outside one, a
 * second connection's Parse can land between another's Parse and Bind, and the Bind then runs the
 * wrong statement ("malformed array literal", wrong rows). Measured: a worker killed with SIGKILL,
 * then a new one starting next to the web app's pool, hit it every time.
 *
 * This wrapper reports an open extended-protocol request (Parse ... Sync) as "in a transaction", so
 * the socket server's queue serves that connection alone until its Sync; when the connection dies
 * mid-request, the server's clean-up ROLLBACK is preceded by the Sync that closes the request.
 */
export function guardProtocolBatches(db: PGlite): PGlite {
  let batchOpen = false;
  const overrides = {
    isInTransaction: () => batchOpen || db.isInTransaction(),
    execProtocolRawStream: async (message: Uint8Array, opts: Parameters<PGlite["execProtocolRawStream"]>[1]) => {
      const type = message[0];
      // A startup or SSL message begins with its length (first byte 0), not with a type.
      if (type !== undefined && type !== 0) batchOpen = !(type === SYNC || type === QUERY || type === TERMINATE);
      return db.execProtocolRawStream(message, opts);
    },
    exec: async (...args: Parameters<PGlite["exec"]>) => {
      if (batchOpen) {
        await db.execProtocolRaw(SYNC_MESSAGE);
        batchOpen = false;
      }
      return db.exec(...args);
    },
  };
  return new Proxy(db, {
    get(target, property) {
      if (property in overrides) return overrides[property as keyof typeof overrides];
      const value: unknown = Reflect.get(target, property, target);
      // PGlite keeps its state in private fields: its methods must run on the instance itself.
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
