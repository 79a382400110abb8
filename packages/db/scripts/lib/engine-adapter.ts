// The driver adapter the wasm schema engine talks to PostgreSQL through. It is @prisma/adapter-pg,
// wrapped the way Prisma's own binder (@prisma/driver-adapter-utils) wraps it, with three fixes
// for traps adapter-pg 7.10 sets for the schema engine:
//  1. Catalog columns of type "char", reg*, name[] ... make adapter-pg throw
//     UnsupportedNativeDataType; the engine reads them while describing a schema. The pools here
//     report such columns as text (arrays as text[]), which is what the engine expects of them.
//  2. adapter-pg's shadow database is dropped while its pool still holds connections (and it
//     ignores the database name when given a connection string). Shadow databases here are
//     scratch databases named dv_mig_shadow_*, dropped after their pool has ended, and dropped
//     again at close() if the engine never disposed of them.
//  3. adapter-pg's executeScript splits the script on ";", which breaks any migration with a
//     semicolon inside a string or a function body. Scripts here go to PostgreSQL whole, as one
//     simple-protocol query, the way Prisma's native engine sends them.
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

type TPgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;
type TPgTransaction = Awaited<ReturnType<TPgAdapter["startTransaction"]>>;
type TSqlQuery = Parameters<TPgAdapter["queryRaw"]>[0];

type TAdapterError = { kind: string } & Record<string, unknown>;
type TResult<T> = { ok: true; value: T } | { ok: false; error: TAdapterError };

/** Errors thrown by JS code are parked here; the engine fetches them back by id to report them. */
class ErrorRegistry {
  private readonly errors = new Map<number, { error: unknown }>();
  private nextId = 0;

  register(error: unknown): number {
    const id = this.nextId++;
    this.errors.set(id, { error });
    return id;
  }

  consumeError(id: number): { error: unknown } | undefined {
    const entry = this.errors.get(id);
    this.errors.delete(id);
    return entry;
  }
}

const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;
// Catalog types adapter-pg 7.10 cannot map: "char", int2vector, regproc, xid, cid, oidvector,
// pg_node_tree, aclitem, regprocedure, regoper, regoperator, regclass, regtype, pg_lsn, regconfig,
// regdictionary, regnamespace, regrole, regcollation, xid8.
const CATALOG_SCALAR_OIDS = new Set([18, 22, 24, 28, 29, 30, 194, 1033, 2202, 2203, 2204, 2205, 2206, 3220, 3734, 3769, 4089, 4096, 4191, 5069]);
// Their arrays: "char"[], name[], int2vector[], regproc[], oidvector[], aclitem[], reg*[].
const CATALOG_ARRAY_OIDS = new Set([1002, 1003, 1006, 1008, 1013, 1034, 2207, 2208, 2209, 2210, 2211]);

type TQueryResultLike = { fields: { dataTypeID: number }[]; rows: unknown[] };

function isQueryResult(value: unknown): value is TQueryResultLike {
  if (typeof value !== "object" || value === null) return false;
  return "fields" in value && Array.isArray(value.fields) && "rows" in value && Array.isArray(value.rows);
}

/** Parses a one-dimensional PostgreSQL array literal ({a,"b c",NULL}) into strings. */
export function parseTextArray(literal: string): (string | null)[] {
  const body = literal.trim().replace(/^\{/, "").replace(/\}$/, "");
  if (body === "") return [];
  const items: (string | null)[] = [];
  let current = "";
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (quoted) {
      if (char === "\\") current += body[++i] ?? "";
      else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"') {
      quoted = true;
      wasQuoted = true;
    } else if (char === ",") {
      items.push(!wasQuoted && current === "NULL" ? null : current);
      current = "";
      wasQuoted = false;
    } else {
      current += char;
    }
  }
  items.push(!wasQuoted && current === "NULL" ? null : current);
  return items;
}

function relabelCatalogColumns(result: unknown): unknown {
  if (!isQueryResult(result)) return result;
  result.fields.forEach((field, index) => {
    if (CATALOG_SCALAR_OIDS.has(field.dataTypeID)) {
      field.dataTypeID = TEXT_OID;
    } else if (CATALOG_ARRAY_OIDS.has(field.dataTypeID)) {
      field.dataTypeID = TEXT_ARRAY_OID;
      for (const row of result.rows) {
        if (Array.isArray(row) && typeof row[index] === "string") row[index] = parseTextArray(row[index]);
      }
    }
  });
  return result;
}

type TQueryFn = (...args: unknown[]) => unknown;

/** A pg pool whose connections report catalog-only column types as text (see trap 1 above). */
function catalogSafePool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 4 });
  pool.on("connect", (client) => {
    const target = client as unknown as { query: TQueryFn };
    const query = target.query.bind(client) as TQueryFn;
    target.query = (...args: unknown[]) => {
      const callback = args[args.length - 1];
      if (typeof callback === "function") {
        args[args.length - 1] = (error: unknown, result: unknown) => callback(error, error ? result : relabelCatalogColumns(result));
        return query(...args);
      }
      const pending = query(...args);
      return pending instanceof Promise ? pending.then(relabelCatalogColumns) : pending;
    };
  });
  return pool;
}

/** The error shape the engine understands, as @prisma/driver-adapter-utils builds it. */
function toAdapterError(registry: ErrorRegistry, error: unknown): TAdapterError {
  if (error instanceof Error && error.name === "DriverAdapterError" && typeof error.cause === "object" && error.cause) {
    return error.cause as TAdapterError;
  }
  if (error instanceof pg.DatabaseError) {
    return {
      kind: "postgres",
      code: error.code ?? "N/A",
      severity: error.severity ?? "N/A",
      message: error.message,
      detail: error.detail,
      column: error.column,
      hint: error.hint,
      originalCode: error.code,
      originalMessage: error.message,
    };
  }
  return { kind: "GenericJs", id: registry.register(error) };
}

function capture<A extends unknown[], T>(registry: ErrorRegistry, fn: (...args: A) => Promise<T>) {
  return async (...args: A): Promise<TResult<T>> => {
    try {
      return { ok: true, value: await fn(...args) };
    } catch (error) {
      return { ok: false, error: toAdapterError(registry, error) };
    }
  };
}

function bindTransaction(registry: ErrorRegistry, tx: TPgTransaction) {
  return {
    adapterName: tx.adapterName,
    provider: tx.provider,
    options: tx.options,
    queryRaw: capture(registry, (query: TSqlQuery) => tx.queryRaw(query)),
    executeRaw: capture(registry, (query: TSqlQuery) => tx.executeRaw(query)),
    commit: capture(registry, () => tx.commit()),
    rollback: capture(registry, () => tx.rollback()),
  };
}

function bindAdapter(registry: ErrorRegistry, adapter: TPgAdapter, pool: pg.Pool, dispose: () => Promise<void>) {
  return {
    adapterName: adapter.adapterName,
    provider: adapter.provider,
    errorRegistry: registry,
    queryRaw: capture(registry, (query: TSqlQuery) => adapter.queryRaw(query)),
    executeRaw: capture(registry, (query: TSqlQuery) => adapter.executeRaw(query)),
    executeScript: capture(registry, async (script: string) => {
      await pool.query(script);
    }),
    dispose: capture(registry, dispose),
    getConnectionInfo: () => ({ ok: true, value: adapter.getConnectionInfo() }),
    startTransaction: async (...args: Parameters<TPgAdapter["startTransaction"]>) => {
      const started = await capture(registry, () => adapter.startTransaction(...args))();
      return started.ok ? { ok: true, value: bindTransaction(registry, started.value) } : started;
    },
  };
}

/** `url` with its database name replaced. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

async function runAdmin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export type TEngineAdapterFactory = ReturnType<typeof createEngineAdapterFactory>;

/**
 * A migration-aware adapter factory for the wasm schema engine. `adminUrl` is the database it
 * connects to (it only reads the server version there) and where it creates shadow databases,
 * so the role needs CREATEDB. Call close() when done: it ends every pool and drops any shadow
 * database left behind.
 */
export function createEngineAdapterFactory(adminUrl: string) {
  const registry = new ErrorRegistry();
  const pools = new Set<pg.Pool>();
  const shadowDatabases = new Set<string>();

  async function endPool(pool: pg.Pool): Promise<void> {
    if (!pools.delete(pool)) return;
    await pool.end();
  }

  async function dropShadow(database: string): Promise<void> {
    await runAdmin(adminUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    shadowDatabases.delete(database);
  }

  async function open(url: string, onDispose: (pool: pg.Pool) => Promise<void>) {
    const pool = catalogSafePool(url);
    pools.add(pool);
    const adapter = await new PrismaPg(pool).connect();
    return bindAdapter(registry, adapter, pool, () => onDispose(pool));
  }

  return {
    adapterName: "@prisma/adapter-pg",
    provider: "postgres" as const,
    errorRegistry: registry,
    connect: capture(registry, () => open(adminUrl, endPool)),
    connectToShadowDb: capture(registry, async () => {
      const database = `dv_mig_shadow_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
      await runAdmin(adminUrl, `CREATE DATABASE "${database}"`);
      shadowDatabases.add(database);
      return open(withDatabase(adminUrl, database), async (pool) => {
        await endPool(pool);
        await dropShadow(database);
      });
    }),
    async close(): Promise<void> {
      await Promise.all([...pools].map((pool) => endPool(pool)));
      for (const database of [...shadowDatabases]) await dropShadow(database);
    },
  };
}
