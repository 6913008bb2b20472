// Event store throughput: appends (one event per call, and batches of 10) and readAll catch-up,
// for the in-memory store and, when EVENTSTORE_CONNECTION_STRING is set, a real EventStoreDB.
// Run `pnpm build` first; then `node bench/eventStore.mjs` or `pnpm bench eventStore`.
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { getInMemoryEventStore, newId } from "../packages/core/dist/index.js";

const event = (n) => {
  const eventId = newId();
  return {
    type: "BenchmarkRecorded",
    data: { n, email: `customer${n}@example.com`, tags: ["vip", "wholesale"] },
    metadata: {
      eventId,
      actor: { kind: "system", reason: "benchmark" },
      correlationId: eventId,
      causationId: eventId,
      schemaVersion: 1,
      occurredAt: new Date().toISOString(),
    },
  };
};

const perSecond = (count, ms) => Math.round((count / ms) * 1000);

const measure = async (label, store, { singles, batches, pageSize = 500 }) => {
  const rows = [];
  const stream = `bench-${newId()}`;

  let started = performance.now();
  for (let i = 0; i < singles; i++) await store.appendToStream(`${stream}-single`, [event(i)]);
  rows.push({
    name: `${label}: append, 1 event per call`,
    value: perSecond(singles, performance.now() - started),
    unit: "events/s",
    note: `${singles} appends`,
  });

  started = performance.now();
  for (let i = 0; i < batches; i++) {
    await store.appendToStream(
      `${stream}-batch`,
      Array.from({ length: 10 }, (_, j) => event(i * 10 + j)),
    );
  }
  rows.push({
    name: `${label}: append, batches of 10`,
    value: perSecond(batches * 10, performance.now() - started),
    unit: "events/s",
    note: `${batches} appends`,
  });

  // Catch-up the way a projection rebuild does it: readAll pages after the last position.
  started = performance.now();
  let read = 0;
  let after;
  for (;;) {
    const page = await store.readAll({
      ...(after === undefined ? {} : { after }),
      maxCount: pageSize,
      filter: { streamPrefixes: [stream] },
    });
    if (page.length === 0) break;
    read += page.length;
    after = page.at(-1).position;
  }
  rows.push({
    name: `${label}: readAll catch-up, pages of ${pageSize}`,
    value: perSecond(read, performance.now() - started),
    unit: "events/s",
    note: `${read} events`,
  });
  return rows;
};

export const run = async () => {
  const memory = getInMemoryEventStore();
  const rows = await measure("in-memory", memory, { singles: 20_000, batches: 2_000 });
  await memory.close();

  const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
  if (!connectionString) {
    rows.push({
      name: "EventStoreDB",
      value: "skipped",
      unit: "",
      note: "EVENTSTORE_CONNECTION_STRING is not set; no EventStoreDB server to measure",
    });
    return rows;
  }
  const { getEventStoreDBEventStore } = await import("../packages/eventstoredb/dist/index.js");
  const esdb = getEventStoreDBEventStore({ connectionString, streamPrefix: `bench${newId()}-` });
  try {
    rows.push(...(await measure("EventStoreDB", esdb, { singles: 2_000, batches: 200 })));
  } finally {
    await esdb.close();
  }
  return rows;
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const row of await run()) {
    console.log(
      `${row.name.padEnd(48)} ${String(row.value).padStart(10)} ${row.unit}   (${row.note})`,
    );
  }
}
