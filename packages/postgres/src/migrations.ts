import type { SqlDriver } from "./sqlDriver.js";

/** Advisory lock namespaces (first key of the two-int form), spelled in ASCII so they read in pg_locks. */
export const lockSpace = {
  /** 'CLMG': one migration run per schema at a time. */
  migrations: 0x434c4d47,
  /** 'CLST': one writer per stream at a time. */
  stream: 0x434c5354,
  /** 'CLPS': the short section that pairs a transaction id with its global positions. */
  positions: 0x434c5053,
} as const;

interface Migration {
  version: number;
  name: string;
  statements: (schema: string) => string[];
}

/** Append-only: a released migration is never edited, a change is a new version. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: "create clientele_events",
    statements: (s) => [
      `CREATE TABLE ${s}.clientele_events (
        global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        stream_name text NOT NULL,
        revision bigint NOT NULL,
        event_id text NOT NULL,
        type text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        CONSTRAINT clientele_events_stream_revision_key UNIQUE (stream_name, revision),
        CONSTRAINT clientele_events_event_id_key UNIQUE (event_id)
      )`,
    ],
  },
];

/** Quotes a schema name after checking it is a plain identifier (it is spliced into SQL). */
export const quoteSchema = (schema: string): string => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(
      `Schema name "${schema}" must be a lowercase SQL identifier (letters, digits, underscores).`,
    );
  }
  return `"${schema}"`;
};

/**
 * Brings `schema` up to the latest version. Safe to call from many processes at once: the first
 * takes a transaction-scoped advisory lock, the others wait for it and then find nothing to do.
 * Every pending migration and its bookkeeping row commit together or not at all.
 */
export const migrate = async (driver: SqlDriver, schema: string): Promise<number[]> => {
  const s = quoteSchema(schema);
  return driver.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [
      lockSpace.migrations,
      schema,
    ]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${s}.clientele_schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const rows = await tx.query<{ version: number }>(
      `SELECT version FROM ${s}.clientele_schema_migrations`,
    );
    const applied = new Set(rows.map((row) => Number(row.version)));
    const pending = migrations.filter((migration) => !applied.has(migration.version));
    for (const migration of pending) {
      for (const statement of migration.statements(s)) await tx.query(statement);
      await tx.query(
        `INSERT INTO ${s}.clientele_schema_migrations (version, name) VALUES ($1, $2)`,
        [migration.version, migration.name],
      );
    }
    return pending.map((migration) => migration.version);
  });
};
