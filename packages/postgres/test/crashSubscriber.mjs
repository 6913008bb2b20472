// Spawned by subscriberCrash.int.spec.ts: a subscriber that applies each event's effect together
// with its checkpoint in one transaction, in tables of its own, until it is killed or has applied
// `until` events. With `writeBatches` it is also the writer (PGlite opens a data dir in one
// process only): it appends batches of 10 to streams writer-0, writer-1... while it subscribes.
//
// Usage: node crashSubscriber.mjs <postgres|pglite> <connection string|data dir> <until>
//          [writeBatches]
// Prints `started <checkpoint>`, `applied <position>` after each commit, `caught-up` at the end.
import { contractEvent } from "@clientele/core/contract";
import { getPGliteDriver, getPgDriver, getSqlEventStore } from "../dist/index.js";

const [kind, target, until, writeBatches = "0"] = process.argv.slice(2);
const driver =
  kind === "pglite" ? getPGliteDriver(target) : getPgDriver({ connectionString: target });
const store = getSqlEventStore(driver, {
  pollIntervalMs: 20,
  label: kind === "pglite" ? "PGlite" : "PostgreSQL",
});
const maxBatch = 7;

await driver.query(
  `CREATE TABLE IF NOT EXISTS crash_effects (
     seq bigserial PRIMARY KEY, position bigint NOT NULL, stream_name text NOT NULL,
     revision bigint NOT NULL)`,
);
await driver.query(
  "CREATE TABLE IF NOT EXISTS crash_checkpoint (id int PRIMARY KEY, position bigint NOT NULL)",
);
await driver.query("INSERT INTO crash_checkpoint VALUES (1, 0) ON CONFLICT (id) DO NOTHING");
const [row] = await driver.query(
  `SELECT position::text AS position, (SELECT count(*) FROM crash_effects)::int AS applied
     FROM crash_checkpoint`,
);
let checkpoint = BigInt(row.position);
let applied = row.applied;
process.stdout.write(`started ${checkpoint}\n`);

// Effects are applied in transactions of up to `maxBatch` events: the checkpoint moves with
// them, so a kill anywhere leaves both or neither. The UPDATE also fences: it only succeeds
// from the checkpoint this process read, so a stray second subscriber could not double-apply.
let pending = [];
let flushing = Promise.resolve();
const flush = () => {
  flushing = flushing.then(async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const last = batch.at(-1).position;
    await driver.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO crash_effects (position, stream_name, revision)
         SELECT p, s, r FROM unnest($1::bigint[], $2::text[], $3::bigint[]) WITH ORDINALITY AS t(p, s, r, o)
          ORDER BY o`,
        [
          batch.map((event) => event.position.toString()),
          batch.map((event) => event.streamName),
          batch.map((event) => event.revision),
        ],
      );
      const moved = await tx.query(
        "UPDATE crash_checkpoint SET position = $1 WHERE id = 1 AND position = $2 RETURNING 1",
        [last.toString(), checkpoint.toString()],
      );
      if (moved.length !== 1) throw new Error(`checkpoint moved under us from ${checkpoint}`);
    });
    checkpoint = last;
    applied += batch.length;
    process.stdout.write(`applied ${last}\n`);
  });
  return flushing;
};

const subscription = store.subscribe({ after: checkpoint }, async (event) => {
  pending.push(event);
  if (pending.length >= 1 + (Number(event.position) % maxBatch)) await flush();
});
subscription.done.catch((error) => {
  console.error(error);
  process.exit(1);
});
// Events that arrive slowly still get applied without waiting for a full batch.
const idle = setInterval(() => void flush(), 10);

const writer = async () => {
  for (let batch = 0; batch < Number(writeBatches); batch++) {
    const stream = `writer-${batch}`;
    // A batch a kill interrupted is absent (appends are atomic), so it is simply written again.
    if ((await store.readStream(stream, { maxCount: 1 })).length > 0) continue;
    const events = Array.from({ length: 10 }, (_, i) => contractEvent("Written", { batch, i }));
    await store.appendToStream(stream, events, { expectedRevision: "no_stream" });
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};
await writer();

while (applied < Number(until)) {
  await new Promise((resolve) => setTimeout(resolve, 10));
  await flushing;
}
clearInterval(idle);
await subscription.stop();
await flush();
process.stdout.write("caught-up\n");
await store.close();
