import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { EventStore, RecordedEvent } from "@clientele/core";
import { contractEvent } from "@clientele/core/contract";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempDir, createTestDatabase, serverReachable } from "../test/testDatabase.js";
import { getPGliteDriver, getPostgresEventStore, getSqlEventStore } from "./index.js";
import type { SqlExecutor } from "./sqlDriver.js";

const reachable = await serverReachable();
const subscriber = fileURLToPath(new URL("../test/crashSubscriber.mjs", import.meta.url));
const built = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const kills = 6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A subscriber process, with the positions it reported committed. */
const startSubscriber = (args: string[]) => {
  const child = spawn(process.execPath, [subscriber, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const state = { started: false, caughtUp: false, applied: [] as bigint[] };
  let buffered = "";
  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      if (line.startsWith("started")) state.started = true;
      if (line.startsWith("applied ")) state.applied.push(BigInt(line.slice(8)));
      if (line === "caught-up") state.caughtUp = true;
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, state, exited };
};

/** Whether `condition` became true within `timeoutMs`. */
const becomes = async (condition: () => boolean | Promise<boolean>, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) return false;
    await sleep(1);
  }
  return true;
};

const waitFor = async (condition: () => boolean | Promise<boolean>, what: string) => {
  if (!(await becomes(condition, 30_000))) throw new Error(`Timed out waiting for ${what}.`);
};

const kill = async ({ child, exited }: { child: ChildProcess; exited: Promise<unknown> }) => {
  child.kill("SIGKILL");
  await exited;
};

const readWholeLog = async (store: EventStore) => {
  const events: RecordedEvent[] = [];
  for (;;) {
    const after = events.at(-1)?.position;
    const page = await store.readAll({ ...(after === undefined ? {} : { after }), maxCount: 500 });
    if (page.length === 0) return events;
    events.push(...page);
  }
};

/** Every event's effect exactly once, in `$all` order, and the checkpoint at the last one. */
const expectExactlyOnce = async (store: EventStore, sql: SqlExecutor, expectedCount: number) => {
  const events = await readWholeLog(store);
  expect(events).toHaveLength(expectedCount);
  const effects = await sql.query<{ position: string; stream_name: string; revision: string }>(
    "SELECT position::text, stream_name, revision::text FROM crash_effects ORDER BY seq",
  );
  expect(effects.map((e) => `${e.position} ${e.stream_name}@${e.revision}`)).toEqual(
    events.map((e) => `${e.position} ${e.streamName}@${e.revision}`),
  );
  const [checkpoint] = await sql.query<{ position: string }>(
    "SELECT position::text FROM crash_checkpoint",
  );
  expect(checkpoint?.position).toBe(events.at(-1)?.position.toString());
};

describe.skipIf(!reachable)("PostgreSQL: a subscriber SIGKILLed mid-batch", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: EventStore;
  let admin: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = getPostgresEventStore({ connectionString: database.url });
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
  });

  afterAll(async () => {
    await store?.close();
    await admin?.end();
    await database?.drop();
  });

  it("resumes from its checkpoint while writers append: every effect once, in $all order", async () => {
    expect(existsSync(built), `${built} is missing: run \`pnpm build\` first`).toBe(true);
    const url = new URL(database.url);
    url.searchParams.set("application_name", "clientele-crash-subscriber");
    // Four writers on streams of their own, small batches with pauses, so appends go on
    // through every kill and restart.
    const batchesPerWriter = 40;
    let total = 0;
    let writing = true;
    const writers = Promise.all(
      Array.from({ length: 4 }, async (_, writer) => {
        for (let batch = 0; batch < batchesPerWriter; batch++) {
          const size = 1 + ((writer + batch) % 5);
          await store.appendToStream(
            `customer-${writer}`,
            Array.from({ length: size }, (_, i) => contractEvent("Written", { writer, batch, i })),
            { expectedRevision: batch === 0 ? "no_stream" : "stream_exists" },
          );
          total += size;
          await sleep(15);
        }
      }),
    ).finally(() => {
      writing = false;
    });
    const inTransaction = async () =>
      Boolean(
        (
          await admin.query(
            `SELECT 1 FROM pg_stat_activity
            WHERE application_name = 'clientele-crash-subscriber' AND xact_start IS NOT NULL
              AND (query LIKE 'INSERT INTO crash_effects%' OR query LIKE 'UPDATE crash_checkpoint%')`,
          )
        ).rowCount,
      );

    let killedWithOpenTransaction = 0;
    const checkpoints: bigint[] = [];
    for (let round = 0; round < kills; round++) {
      const run = startSubscriber(["postgres", url.toString(), String(Number.MAX_SAFE_INTEGER)]);
      await waitFor(() => run.state.started, "the subscriber to start");
      await waitFor(() => run.state.applied.length >= 1 + (round % 3), "a first commit");
      // Half the kills wait until a transaction of effects is open on the server: the batch
      // is half written. The others land at a random moment.
      if (round % 2 === 0) {
        if (await becomes(inTransaction, 5_000)) killedWithOpenTransaction++;
      } else await sleep(Math.random() * 30);
      await kill(run);
      // The server aborts the dead client's transaction once it notices the connection gone.
      await waitFor(
        async () =>
          (
            await admin.query(
              "SELECT 1 FROM pg_stat_activity WHERE application_name = 'clientele-crash-subscriber'",
            )
          ).rowCount === 0,
        "the killed subscriber's connections to close",
      );
      const { rows } = await admin.query<{ position: string }>(
        "SELECT position::text FROM crash_checkpoint",
      );
      const checkpoint = BigInt(rows[0]?.position ?? "0");
      // Nothing it reported committed is lost.
      expect(checkpoint).toBeGreaterThanOrEqual(run.state.applied.at(-1) ?? 0n);
      checkpoints.push(checkpoint);
    }
    await writers;
    expect(writing).toBe(false);

    const last = startSubscriber(["postgres", url.toString(), String(total)]);
    expect(await last.exited).toBe(0);
    expect(last.state.caughtUp).toBe(true);

    // The kills must have landed mid-stream and some mid-transaction, or this proves nothing.
    const finalPosition = (await readWholeLog(store)).at(-1)?.position ?? 0n;
    expect(checkpoints.filter((c) => c > 0n && c < finalPosition).length).toBeGreaterThan(
      kills / 2,
    );
    expect(killedWithOpenTransaction).toBeGreaterThanOrEqual(1);
    await expectExactlyOnce(
      store,
      { query: async (text) => (await admin.query(text)).rows },
      total,
    );
  });
});

describe("PGlite: a subscriber SIGKILLed mid-batch", () => {
  let dir: Awaited<ReturnType<typeof createTempDir>> | undefined;

  afterAll(async () => {
    await dir?.remove();
  });

  it("reopens its data dir and resumes: every effect once, in $all order", async () => {
    expect(existsSync(built), `${built} is missing: run \`pnpm build\` first`).toBe(true);
    dir = await createTempDir();
    // PGlite opens a data dir in one process only, so the subscriber process is the writer too:
    // each kill also interrupts appends, whose batches must come back whole or not at all.
    const writeBatches = 40;
    const total = writeBatches * 10;
    const args = ["pglite", dir.path, String(total), String(writeBatches)];
    const checkpoints: number[] = [];
    for (let round = 0; round < kills; round++) {
      const run = startSubscriber(args);
      await waitFor(() => run.state.started, "the subscriber to start");
      await waitFor(() => run.state.applied.length >= 1 + (round % 4), "a first commit");
      await sleep(Math.random() * 20);
      await kill(run);
      checkpoints.push(run.state.applied.length);
    }
    const last = startSubscriber(args);
    expect(await last.exited).toBe(0);
    expect(last.state.caughtUp).toBe(true);
    expect(checkpoints.every((commits) => commits > 0)).toBe(true);

    const driver = getPGliteDriver(dir.path);
    const store = getSqlEventStore(driver, { label: "PGlite" });
    try {
      await expectExactlyOnce(store, driver, total);
      for (let batch = 0; batch < writeBatches; batch++) {
        expect(await store.readStream(`writer-${batch}`)).toHaveLength(10);
      }
    } finally {
      await store.close();
    }
  });
});
