import type { EventStore } from "@clientele/core";
import type pg from "pg";
import { getPgDriver } from "./pgDriver.js";
import { getPGliteDriver } from "./pgliteDriver.js";
import { getSqlEventStore } from "./postgresEventStore.js";

export { migrate, migrations } from "./migrations.js";
export { getPgDriver, type PgDriverOptions } from "./pgDriver.js";
export { getPGliteDriver } from "./pgliteDriver.js";
export { getSqlEventStore, type SqlEventStoreOptions } from "./postgresEventStore.js";
export type { SqlDriver, SqlExecutor } from "./sqlDriver.js";
export { getSqlKeyStore, type SqlKeyStoreOptions } from "./sqlKeyStore.js";

export interface PostgresEventStoreOptions {
  /** e.g. `postgres://user@host:5432/db`; the store opens and ends its own pool. */
  connectionString?: string;
  /** A pool you own instead (it stays open after `close()`); one connection is held for LISTEN. */
  pool?: pg.Pool;
  /** Schema for the tables; default `public`. Created and migrated on first use. */
  schema?: string;
  /** Idle subscriptions re-read this often when no notification arrives; default 500 ms. */
  pollIntervalMs?: number;
}

/**
 * The event store on a PostgreSQL server (13+). Tables are created on first use; subscriptions
 * wake on LISTEN/NOTIFY and poll as a fallback.
 *
 * @example
 * const store = getPostgresEventStore({ connectionString: "postgres://postgres@localhost/app" });
 * await store.appendToStream("customer-1", [event], { expectedRevision: "no_stream" });
 */
export const getPostgresEventStore = ({
  connectionString,
  pool,
  schema,
  pollIntervalMs,
}: PostgresEventStoreOptions): EventStore => {
  if (!connectionString && !pool) {
    throw new Error("getPostgresEventStore needs a connectionString or a pool.");
  }
  return getSqlEventStore(getPgDriver(pool ? { pool } : { connectionString }), {
    ...(schema === undefined ? {} : { schema }),
    ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }),
  });
};

export interface PGliteEventStoreOptions {
  /** Directory holding the database files (created if missing); survives restarts. */
  dataDir: string;
  /** Idle subscriptions re-read this often when no notification arrives; default 500 ms. */
  pollIntervalMs?: number;
}

/**
 * The event store on PGlite: PostgreSQL in-process (WASM), persisted to `dataDir`. Same SQL and
 * same guarantees as the server store, one connection, no server to run.
 *
 * @example
 * const store = getPGliteEventStore({ dataDir: "./data/events" });
 * const events = await store.readStream("customer-1");
 */
export const getPGliteEventStore = ({
  dataDir,
  pollIntervalMs,
}: PGliteEventStoreOptions): EventStore =>
  getSqlEventStore(getPGliteDriver(dataDir), {
    label: "PGlite",
    ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }),
  });
