import { type EventStore, isClienteleError, type RecordedEvent } from "@clientele/core";
import { contractEvent } from "@clientele/core/contract";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, serverReachable } from "../test/testDatabase.js";
import { getPgDriver, getPostgresEventStore, getSqlEventStore, migrate } from "./index.js";
import type { SqlDriver } from "./sqlDriver.js";

const reachable = await serverReachable();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const waitUntil = async (condition: () => boolean, what: string, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await sleep(10);
  }
};

/** Wraps a driver so chosen transactions hold their commit back until `release` is called. */
const withHeldCommits = (inner: SqlDriver) => {
  let holding = false;
  let inserted: () => void = () => undefined;
  let release: () => void = () => undefined;
  const driver: SqlDriver = {
    ...inner,
    transaction: (work) =>
      inner.transaction(async (tx) => {
        const result = await work(tx);
        if (holding) {
          inserted();
          await new Promise<void>((resolve) => {
            release = resolve;
          });
        }
        return result;
      }),
  };
  return {
    driver,
    /** Starts holding; resolves once the held transaction has written its rows (uncommitted). */
    hold: () =>
      new Promise<void>((resolve) => {
        holding = true;
        inserted = resolve;
      }),
    release: () => {
      holding = false;
      release();
    },
  };
};

describe.skipIf(!reachable)("PostgreSQL under concurrent writers", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: pg.Pool;
  let store: EventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url, max: 25 });
    // DROP DATABASE ... WITH (FORCE) in afterAll may reach connections still closing.
    pool.on("error", () => undefined);
    store = getPostgresEventStore({ pool, pollIntervalMs: 50 });
  });

  afterAll(async () => {
    await store?.close();
    // Dropped first: FORCE ends any connection a failed test left inside a held transaction,
    // which would otherwise keep pool.end() waiting forever.
    await database?.drop();
    await pool?.end();
  });

  it("migrates once when many processes start at the same time", async () => {
    const drivers = Array.from({ length: 5 }, () => getPgDriver({ pool }));
    const runs = await Promise.all(drivers.map((driver) => migrate(driver, "racing")));
    expect(runs.flat()).toEqual([1]);
    const rows = await pool.query("SELECT version FROM racing.clientele_schema_migrations");
    expect(rows.rows).toEqual([{ version: 1 }]);
  });

  it("reports a revision taken around the stream lock as a conflict with the actual revision", async () => {
    const stream = "written-around";
    await store.appendToStream(stream, [contractEvent("First")]);
    const inner = getPgDriver({ pool });
    // Another writer that ignores the stream lock commits revision 1 just before our INSERT.
    const sneaky: SqlDriver = {
      ...inner,
      transaction: (work) =>
        inner.transaction((tx) =>
          work({
            async query(text, params) {
              if (text.trimStart().startsWith("INSERT")) {
                await pool.query(
                  `INSERT INTO clientele_events (stream_name, revision, event_id, type, data, metadata)
                   VALUES ($1, 1, 'outside-writer', 'Sneaked', '{}', '{}')`,
                  [stream],
                );
              }
              return tx.query(text, params);
            },
          }),
        ),
    };
    const sneakyStore = getSqlEventStore(sneaky);
    const error = await sneakyStore
      .appendToStream(stream, [contractEvent("Second")], { expectedRevision: 0 })
      .catch((caught: unknown) => caught);
    await sneakyStore.close();
    expect(isClienteleError(error, "CONCURRENCY_CONFLICT")).toBe(true);
    expect((error as { details: unknown }).details).toEqual({ stream, expected: 0, actual: 1 });
  });

  it("wakes subscriptions on NOTIFY from another connection rather than waiting for the poll", async () => {
    const writer = getPostgresEventStore({ pool });
    const listener = getPostgresEventStore({ pool, pollIntervalMs: 60_000 });
    const start = (await listener.readAll()).at(-1)?.position ?? 0n;
    const delivered: string[] = [];
    const subscription = listener.subscribe({ after: start }, (event) => {
      delivered.push(event.type);
    });
    // LISTEN is set up in the background on the first subscribe; give it a moment.
    await sleep(1_000);
    await writer.appendToStream("notified-1", [contractEvent("Notified")]);
    await waitUntil(() => delivered.length > 0, "a notified delivery", 5_000);
    expect(delivered).toEqual(["Notified"]);
    await subscription.stop();
    await listener.close();
    await writer.close();
  });

  it("listens again after the listening connection is killed", async () => {
    const writer = getPostgresEventStore({ pool });
    const listener = getPostgresEventStore({ pool, pollIntervalMs: 60_000 });
    const start = (await listener.readAll()).at(-1)?.position ?? 0n;
    const delivered: string[] = [];
    const subscription = listener.subscribe({ after: start }, (event) => {
      delivered.push(event.type);
    });
    await sleep(1_000);
    await pool.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()",
    );
    await sleep(1_000);
    await writer.appendToStream("notified-2", [contractEvent("NotifiedAfterReconnect")]);
    await waitUntil(() => delivered.length > 0, "a delivery after reconnecting", 5_000);
    expect(delivered).toEqual(["NotifiedAfterReconnect"]);
    await subscription.stop();
    await listener.close();
    await writer.close();
  });

  it("lets exactly one of 20 writers win each revision of one stream", async () => {
    const stream = "contended-1";
    for (let revision = 0; revision < 10; revision++) {
      const expectedRevision = revision === 0 ? "no_stream" : revision - 1;
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, writer) =>
          store.appendToStream(stream, [contractEvent("Written", { writer, revision })], {
            expectedRevision,
          }),
        ),
      );
      const won = outcomes.filter((outcome) => outcome.status === "fulfilled");
      const lost = outcomes.flatMap((outcome) =>
        outcome.status === "rejected" ? [outcome.reason] : [],
      );
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(19);
      for (const error of lost) {
        expect(isClienteleError(error, "CONCURRENCY_CONFLICT")).toBe(true);
        expect(error.details).toEqual({ stream, expected: expectedRevision, actual: revision });
      }
    }
    const events = await store.readStream(stream);
    expect(events.map((event) => event.revision)).toEqual([...Array(10).keys()]);
    expect(events.map((event) => event.data.revision)).toEqual([...Array(10).keys()]);
  });

  it("keeps 'any' appends from 20 writers dense, contiguous per batch and gap-free in $all", async () => {
    const stream = "contended-any";
    const before = (await store.readAll()).at(-1)?.position ?? 0n;
    await Promise.all(
      Array.from({ length: 20 }, (_, writer) =>
        store.appendToStream(
          stream,
          Array.from({ length: 5 }, (_, i) => contractEvent("Written", { writer, i })),
        ),
      ),
    );
    const events = await store.readStream(stream);
    expect(events.map((event) => event.revision)).toEqual([...Array(100).keys()]);
    for (let batch = 0; batch < 20; batch++) {
      const slice = events.slice(batch * 5, batch * 5 + 5);
      expect(new Set(slice.map((event) => event.data.writer)).size).toBe(1);
      expect(slice.map((event) => event.data.i)).toEqual([0, 1, 2, 3, 4]);
    }
    const all = await store.readAll({ after: before });
    expect(all).toHaveLength(100);
    expect(new Set(all.map((event) => event.metadata.eventId)).size).toBe(100);
    for (let i = 1; i < all.length; i++) {
      expect((all[i] as RecordedEvent).position).toBeGreaterThan(
        (all[i - 1] as RecordedEvent).position,
      );
    }
  });

  it("is not held back by a writing transaction left open in another database", async () => {
    const other = await createTestDatabase();
    const elsewhere = new pg.Client({ connectionString: other.url });
    await elsewhere.connect();
    try {
      // A bulk load in another database of the server: it has a transaction id and keeps it.
      await elsewhere.query("BEGIN");
      await elsewhere.query("CREATE TABLE bulk (n int); INSERT INTO bulk VALUES (1)");
      const before = (await store.readAll()).at(-1)?.position ?? 0n;
      await store.appendToStream("while-elsewhere-1", [contractEvent("Written")]);
      const seen = await store.readAll({ after: before });
      expect(seen.map((event) => event.streamName)).toEqual(["while-elsewhere-1"]);
    } finally {
      await elsewhere.end();
      await other.drop();
    }
  });

  it("delivers every event exactly once in $all order, even one committed late by a slow transaction", async () => {
    const held = withHeldCommits(getPgDriver({ pool }));
    const slowStore = getSqlEventStore(held.driver);
    // Migrate first, so the transaction held below is the append's and not the migration's.
    await slowStore.readAll({ maxCount: 1 });
    const start = (await store.readAll()).at(-1)?.position ?? 0n;
    const delivered: RecordedEvent[] = [];
    const subscription = store.subscribe({ after: start }, (event) => {
      delivered.push(event);
    });

    const inserted = held.hold();
    const late = slowStore.appendToStream("late-1", [contractEvent("CommittedLate")]);
    await inserted;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, writer) =>
        store.appendToStream(`fast-${writer}`, [
          contractEvent("CommittedEarly", { writer }),
          contractEvent("CommittedEarly", { writer }),
        ]),
      ),
    );
    // Every fast writer has committed after the late one took its (lower) position: a reader
    // that handed them out now would move past the late event and never deliver it.
    await sleep(300);
    expect(delivered).toEqual([]);
    const naive = await pool.query(
      "SELECT count(*)::int AS n FROM clientele_events WHERE global_position > $1",
      [start.toString()],
    );
    expect(naive.rows[0].n).toBe(40);

    held.release();
    const lateResult = await late;
    expect(results.every((result) => result.position > lateResult.position)).toBe(true);
    await waitUntil(() => delivered.length >= 41, "41 deliveries");
    await sleep(200);
    await subscription.stop();

    expect(delivered).toHaveLength(41);
    expect(delivered[0]?.type).toBe("CommittedLate");
    expect(new Set(delivered.map((event) => event.position)).size).toBe(41);
    for (let i = 1; i < delivered.length; i++) {
      expect((delivered[i] as RecordedEvent).position).toBeGreaterThan(
        (delivered[i - 1] as RecordedEvent).position,
      );
    }
    expect(delivered).toEqual(await store.readAll({ after: start }));
  });

  it("never lets a reader see a position and later see a lower one appear", async () => {
    const start = (await store.readAll()).at(-1)?.position ?? 0n;
    let stop = false;
    const violations: string[] = [];
    const reader = (async () => {
      let highest = start;
      const seen = new Set<bigint>();
      while (!stop) {
        for (const event of await store.readAll({ after: start })) {
          if (!seen.has(event.position) && event.position < highest) {
            violations.push(`${event.position} appeared after ${highest}`);
          }
          seen.add(event.position);
          if (event.position > highest) highest = event.position;
        }
      }
    })();
    await Promise.all(
      Array.from({ length: 20 }, async (_, writer) => {
        // Batches make concurrent INSERTs long enough to interleave if positions and
        // transaction ids were not allocated together.
        for (let i = 0; i < 5; i++) {
          await store.appendToStream(
            `racing-${writer}`,
            Array.from({ length: 40 }, (_, n) => contractEvent("Raced", { writer, i, n })),
          );
        }
      }),
    );
    stop = true;
    await reader;
    expect(violations).toEqual([]);
    expect(await store.readAll({ after: start })).toHaveLength(4_000);
  });
});
