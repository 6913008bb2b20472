import {
  type AppendResult,
  ClienteleError,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  pollingSubscription,
  type ReadAllOptions,
  type RecordedEvent,
  revisionConflict,
  revisionMatches,
  validateAppend,
} from "@clientele/core";
import { lockSpace, migrate, quoteSchema } from "./migrations.js";
import type { SqlDriver } from "./sqlDriver.js";

export interface SqlEventStoreOptions {
  /** PostgreSQL schema holding the tables; default `public`. */
  schema?: string;
  /** How often an idle subscription re-reads when no notification arrives; default 500 ms. */
  pollIntervalMs?: number;
  /** Names the backend in error messages ("PostgreSQL", "PGlite"). */
  label?: string;
}

interface EventRow {
  position: string;
  stream_name: string;
  revision: string;
  type: string;
  data: Record<string, unknown>;
  metadata: RecordedEvent["metadata"];
}

const toRecorded = (row: EventRow): RecordedEvent => ({
  streamName: row.stream_name,
  revision: Number(row.revision),
  position: BigInt(row.position),
  type: row.type,
  data: row.data,
  metadata: row.metadata,
});

/**
 * The transaction id below which every transaction has finished, as far as this database's rows
 * go: the snapshot's oldest running transaction, skipping those known to belong to a session of
 * another database (a session never changes database, so such a transaction cannot write here;
 * one not found is kept, to be safe). Without the skip, a long bulk load in any other database
 * of the server held every `$all` reader here until it committed. Comparisons use the low 32 bits,
 * as `pg_stat_activity` shows a plain `xid`.
 */
const horizon = `
  SELECT coalesce(min(x), pg_snapshot_xmax(pg_current_snapshot()))
    FROM pg_snapshot_xip(pg_current_snapshot()) AS x
   WHERE (x::text::numeric % 4294967296) NOT IN (
     SELECT backend_xid::text::numeric FROM pg_stat_activity
      WHERE backend_xid IS NOT NULL
        AND datid IS DISTINCT FROM (SELECT oid FROM pg_database WHERE datname = current_database()))`;

const escapeLike = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const sqlState = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
};

/**
 * The event store on any PostgreSQL reached through a `SqlDriver`. The schema is migrated lazily
 * on first use, so building a store never blocks.
 *
 * Appends: a per-stream advisory lock serialises writers of one stream, and the expected revision
 * is checked against the database after the lock is held, so two writers can never both win (the
 * unique (stream_name, revision) constraint backs this up).
 *
 * `$all` order and the gap problem: global positions come from an identity sequence, which hands
 * numbers out at insert time, not at commit time. A reader that simply returned committed rows by
 * position could see 10 while 9 is still being written by a slower transaction, move its
 * checkpoint past 9 and never see it. Two rules close that hole:
 * 1. Each row records its writer's transaction id (`pg_current_xact_id()`), and readers only
 *    return rows whose transaction id is older than the oldest transaction still running
 *    (the snapshot's xmin, ignoring transactions of other databases: see `horizon`): every such
 *    transaction has finished, so no row can appear later below what was returned.
 * 2. That only yields a prefix of the position order if transaction ids and positions are handed
 *    out in the same order. The first write of an append (which assigns its transaction id) and
 *    the allocation of its positions therefore happen inside one short session-level advisory
 *    lock, released straight after the insert, long before the commit.
 */
export const getSqlEventStore = (
  driver: SqlDriver,
  { schema = "public", pollIntervalMs = 500, label = "PostgreSQL" }: SqlEventStoreOptions = {},
): EventStore => {
  const s = quoteSchema(schema);
  const table = `${s}.clientele_events`;
  const channel = schema === "public" ? "clientele_events" : `clientele_events_${schema}`;
  let closed = false;
  let ready: Promise<unknown> | undefined;
  let notifications = 0;
  const waiters = new Set<() => void>();
  let stopListening: Promise<(() => Promise<void>) | undefined> | undefined;

  const unavailable = (cause?: unknown) =>
    new ClienteleError(
      "EVENT_STORE_UNAVAILABLE",
      closed
        ? `The ${label} event store is closed; create a new one.`
        : `The ${label} event store could not be reached: ${cause instanceof Error ? cause.message : String(cause)}.`,
    );

  /** Runs `work` once the schema is migrated; driver failures become EVENT_STORE_UNAVAILABLE. */
  const use = async <T>(work: () => Promise<T>): Promise<T> => {
    if (closed) throw unavailable();
    try {
      ready ??= migrate(driver, schema).catch((error: unknown) => {
        ready = undefined;
        throw error;
      });
      await ready;
      return await work();
    } catch (error) {
      if (error instanceof ClienteleError || sqlState(error) !== undefined) throw error;
      throw unavailable(error);
    }
  };

  const wakeAll = () => {
    notifications++;
    for (const wake of waiters) wake();
  };

  const currentRevision = async (query: SqlDriver["query"], streamName: string) => {
    const [row] = await query<{ revision: string | null }>(
      `SELECT max(revision)::text AS revision FROM ${table} WHERE stream_name = $1`,
      [streamName],
    );
    return row?.revision == null ? -1 : Number(row.revision);
  };

  const translate = async (error: unknown, streamName: string, expected: ExpectedRevision) => {
    const constraint = (error as { constraint?: unknown }).constraint;
    const message = error instanceof Error ? error.message : "";
    if (sqlState(error) === "23505" && (constraint ?? message).toString().includes("event_id")) {
      return new ClienteleError(
        "VALIDATION_FAILED",
        "An event with this metadata.eventId is already stored; give every event a fresh id.",
        { fields: ["metadata.eventId"], stream: streamName },
      );
    }
    if (sqlState(error) === "23505") {
      // Only reachable if something wrote around the stream lock; report it as the race it is.
      const actual = await currentRevision(driver.query, streamName);
      return revisionConflict(streamName, expected, actual === -1 ? "no_stream" : actual);
    }
    if (sqlState(error) === "22P05") {
      return new ClienteleError(
        "VALIDATION_FAILED",
        "Event data contains a character PostgreSQL jsonb cannot store (\\u0000); remove it.",
        { fields: ["events.data"] },
      );
    }
    return error;
  };

  const readAll = ({ after, maxCount, filter }: ReadAllOptions = {}) =>
    use(async () => {
      const rows = await driver.query<EventRow>(
        `SELECT global_position::text AS position, stream_name, revision::text AS revision,
                type, data, metadata
           FROM ${table}
          WHERE transaction_id < (${horizon})
            AND global_position > $1
            AND ($2::text[] IS NULL OR stream_name LIKE ANY ($2::text[]))
          ORDER BY global_position
          LIMIT $3`,
        [
          (after ?? 0n).toString(),
          filter ? filter.streamPrefixes.map(escapeLike) : null,
          maxCount ?? null,
        ],
      );
      return rows.map(toRecorded);
    });

  const appendEvents = async (
    streamName: string,
    events: readonly EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> =>
    driver.transaction(async (tx) => {
      // Transaction-scoped and taken before anything is written, so it assigns no transaction id.
      await tx.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [
        lockSpace.stream,
        `${schema}.${streamName}`,
      ]);
      // A fresh statement snapshot (READ COMMITTED) taken after the lock sees the previous writer.
      const current = await currentRevision(tx.query, streamName);
      if (!revisionMatches(expectedRevision, current)) {
        throw revisionConflict(
          streamName,
          expectedRevision,
          current === -1 ? "no_stream" : current,
        );
      }
      await tx.query("SELECT pg_advisory_lock($1, hashtext($2))", [lockSpace.positions, schema]);
      const inserted = await tx.query<{ position: string }>(
        `INSERT INTO ${table} (stream_name, revision, event_id, type, data, metadata)
         SELECT $1, $2::bigint + ordinality, e.value->'metadata'->>'eventId', e.value->>'type',
                e.value->'data', e.value->'metadata'
           FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS e
          ORDER BY ordinality
         RETURNING global_position::text AS position`,
        [streamName, current, JSON.stringify(events)],
      );
      await tx.query("SELECT pg_advisory_unlock($1, hashtext($2)), pg_notify($3, '')", [
        lockSpace.positions,
        schema,
        channel,
      ]);
      let last = 0n;
      for (const row of inserted) if (BigInt(row.position) > last) last = BigInt(row.position);
      return { nextExpectedRevision: current + events.length, position: last };
    });

  const readLastPosition = async (streamName: string) => {
    const [row] = await driver.query<{ position: string | null }>(
      `SELECT max(global_position)::text AS position FROM ${table} WHERE stream_name = $1`,
      [streamName],
    );
    return BigInt(row?.position ?? 0);
  };

  return {
    appendToStream: (streamName, events, { expectedRevision = "any" } = {}) =>
      use(async () => {
        validateAppend(streamName, events, expectedRevision);
        if (events.length === 0) {
          const current = await currentRevision(driver.query, streamName);
          if (!revisionMatches(expectedRevision, current)) {
            throw revisionConflict(
              streamName,
              expectedRevision,
              current === -1 ? "no_stream" : current,
            );
          }
          return { nextExpectedRevision: current, position: await readLastPosition(streamName) };
        }
        try {
          return await appendEvents(streamName, events, expectedRevision);
        } catch (error) {
          throw await translate(error, streamName, expectedRevision);
        }
      }),

    readStream: (streamName, { fromRevision = 0, maxCount } = {}) =>
      use(async () => {
        const rows = await driver.query<EventRow>(
          `SELECT global_position::text AS position, stream_name, revision::text AS revision,
                  type, data, metadata
             FROM ${table} AS e
            WHERE e.stream_name = $1 AND e.revision >= $2
            -- Qualified: a bare "revision" would sort by the text output column.
            ORDER BY e.revision
            LIMIT $3`,
          [streamName, fromRevision, maxCount ?? null],
        );
        return rows.map(toRecorded);
      }),

    readAll,

    subscribe(options, handler) {
      if (driver.listen && !stopListening && !closed) {
        stopListening = driver.listen(channel, wakeAll).catch(() => undefined);
      }
      // Notifications counted when the last read started: one landing between that read and the
      // wait must wake the subscription at once, or it would sleep until the next poll.
      let seen = 0;
      return pollingSubscription(options, handler, {
        readAll: (readOptions) => {
          seen = notifications;
          return readAll(readOptions);
        },
        waitForAppend: (signal) =>
          new Promise<void>((resolve) => {
            if (notifications > seen || signal.aborted || closed) return resolve();
            const wake = () => {
              clearTimeout(timer);
              waiters.delete(wake);
              signal.removeEventListener("abort", wake);
              resolve();
            };
            // The fallback for lost notifications and for rows held back by a transaction that
            // was still running at the last read (its commit may not notify this channel).
            const timer = setTimeout(wake, pollIntervalMs);
            waiters.add(wake);
            signal.addEventListener("abort", wake, { once: true });
          }),
      });
    },

    async close() {
      if (closed) return;
      closed = true;
      for (const wake of waiters) wake();
      const stop = await stopListening;
      await stop?.().catch(() => undefined);
      await driver.close();
    },
  };
};
