import { randomBytes } from "node:crypto";
import { type DataKeyLookup, dataKeyBytes, type KeyStore } from "@clientele/core";
import { quoteSchema } from "./migrations.js";
import type { SqlDriver } from "./sqlDriver.js";

export interface SqlKeyStoreOptions {
  /**
   * Schema of the key table, default `clientele_keys`. Never the events' schema: a backup or a
   * replica of the event log must not carry the keys that decrypt it.
   */
  schema?: string;
}

interface KeyRow {
  data_key: Uint8Array | null;
}

const lookupOf = (row: KeyRow | undefined): DataKeyLookup => {
  if (row === undefined) return { status: "missing" };
  if (row.data_key === null) return { status: "destroyed" };
  return { status: "active", key: new Uint8Array(row.data_key) };
};

/**
 * Per-customer data keys in PostgreSQL or PGlite, the durable KeyStore of the embedded store:
 * table `<schema>.data_keys (subject_id, data_key, destroyed_at)`. Destroying sets `data_key` to
 * NULL and keeps the row as a tombstone, so a shredded customer never gets a fresh key. The key
 * bytes stay in PostgreSQL's old row versions until VACUUM and in backups until they expire;
 * that retention is how long shredding takes to be complete (docs/privacy.md).
 *
 * @example
 * const keyStore = getSqlKeyStore(getPGliteDriver("./.clientele"));
 * await keyStore.getOrCreate("cus_01J...");
 */
export const getSqlKeyStore = (driver: SqlDriver, options: SqlKeyStoreOptions = {}): KeyStore => {
  const s = quoteSchema(options.schema ?? "clientele_keys");
  let ready: Promise<void> | undefined;
  const migrated = () => {
    ready ??= driver
      .transaction(async (tx) => {
        await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`${s}.data_keys`]);
        await tx.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
        await tx.query(
          `CREATE TABLE IF NOT EXISTS ${s}.data_keys (
            subject_id text PRIMARY KEY,
            data_key bytea,
            destroyed_at timestamptz
          )`,
        );
      })
      .catch((error) => {
        ready = undefined;
        throw error;
      });
    return ready;
  };
  const read = async (subjectId: string) => {
    await migrated();
    const [row] = await driver.query<KeyRow>(
      `SELECT data_key FROM ${s}.data_keys WHERE subject_id = $1`,
      [subjectId],
    );
    return lookupOf(row);
  };

  return {
    get: read,

    async getOrCreate(subjectId) {
      const held = await read(subjectId);
      if (held.status !== "missing") return held;
      // ON CONFLICT DO NOTHING: concurrent first callers all insert, one wins, all re-read it.
      await driver.query(
        `INSERT INTO ${s}.data_keys (subject_id, data_key) VALUES ($1, $2) ON CONFLICT (subject_id) DO NOTHING`,
        [subjectId, randomBytes(dataKeyBytes)],
      );
      const found = await read(subjectId);
      if (found.status === "missing") throw new Error(`data key for ${subjectId} vanished`);
      return found;
    },

    async destroy(subjectId) {
      await migrated();
      await driver.query(
        `INSERT INTO ${s}.data_keys (subject_id, data_key, destroyed_at) VALUES ($1, NULL, now())
         ON CONFLICT (subject_id) DO UPDATE SET data_key = NULL,
           destroyed_at = coalesce(${s}.data_keys.destroyed_at, now())`,
        [subjectId],
      );
    },
  };
};
