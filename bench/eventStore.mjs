// Event store throughput: appends (one event per call, and batches of 10) and readAll catch-up,
// for the in-memory store next to a bare array/map doing the same in the same run, and, when
// EVENTSTORE_CONNECTION_STRING is set, a real EventStoreDB.
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
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The same-run baseline: an array and a map that keep the very same events with none of a
 * store's work (no validation, no copy, no freezing, no revision check). It is the floor for any
 * in-process store; the in-memory store's figures are printed as a ratio of it.
 */
const bareLog = () => {
  const log = [];
  const streams = new Map();
  return {
    async appendToStream(streamName, events) {
      const stream = streams.get(streamName) ?? [];
      for (const { type, data, metadata } of events) {
        const position = BigInt(log.length + 1);
        const recorded = { streamName, revision: stream.length, position, type, data, metadata };
        stream.push(recorded);
        log.push(recorded);
      }
      streams.set(streamName, stream);
      return { nextExpectedRevision: stream.length - 1, position: BigInt(log.length) };
    },
    async readAll({ after, maxCount, filter }) {
      const out = [];
      const start = after === undefined ? 0 : Number(after);
      for (let i = start; i < log.length && out.length < maxCount; i++) {
        const recorded = log[i];
        if (filter.streamPrefixes.some((prefix) => recorded.streamName.startsWith(prefix))) {
          out.push(recorded);
        }
      }
      return out;
    },
  };
};

/** Events per second of `count` appends of `size` events each to one stream. */
const appendRate = async (store, stream, count, size) => {
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    await store.appendToStream(
      stream,
      Array.from({ length: size }, (_, j) => event(i * size + j)),
    );
  }
  return perSecond(count * size, performance.now() - started);
};

/** Catch-up the way a projection rebuild does it: readAll pages after the last position. */
const catchUpRate = async (store, prefix, pageSize) => {
  const started = performance.now();
  let read = 0;
  let after;
  for (;;) {
    const page = await store.readAll({
      ...(after === undefined ? {} : { after }),
      maxCount: pageSize,
      filter: { streamPrefixes: [prefix] },
    });
    if (page.length === 0) break;
    read += page.length;
    after = page.at(-1).position;
  }
  return { rate: perSecond(read, performance.now() - started), read };
};

/**
 * Measures each store in alternating slices (A, B, A, B...) and keeps the median slice, so a
 * neighbour's load on a shared machine weighs on every store alike.
 */
const measure = async (stores, { singles, batches, slices = 5, pageSize = 500 }) => {
  const prefix = `bench-${newId()}`;
  const rates = stores.map(() => ({ singles: [], batches: [], catchUp: [] }));
  for (let slice = 0; slice < slices; slice++) {
    for (const [i, { store }] of stores.entries()) {
      rates[i].singles.push(await appendRate(store, `${prefix}-single`, singles / slices, 1));
      rates[i].batches.push(await appendRate(store, `${prefix}-batch`, batches / slices, 10));
    }
  }
  let read = 0;
  for (let slice = 0; slice < slices; slice++) {
    for (const [i, { store }] of stores.entries()) {
      const catchUp = await catchUpRate(store, prefix, pageSize);
      rates[i].catchUp.push(catchUp.rate);
      read = catchUp.read;
    }
  }
  return stores.map(({ label }, i) => [
    {
      name: `${label}: append, 1 event per call`,
      value: median(rates[i].singles),
      unit: "events/s",
      note: `${singles} appends, median of ${slices} slices`,
    },
    {
      name: `${label}: append, batches of 10`,
      value: median(rates[i].batches),
      unit: "events/s",
      note: `${batches} appends, median of ${slices} slices`,
    },
    {
      name: `${label}: readAll catch-up, pages of ${pageSize}`,
      value: median(rates[i].catchUp),
      unit: "events/s",
      note: `${read} events, median of ${slices} reads`,
    },
  ]);
};

export const run = async () => {
  // A short round first, so neither pays for V8 compiling code the other already compiled.
  await measure(
    [
      { label: "warm-up", store: bareLog() },
      { label: "warm-up", store: getInMemoryEventStore() },
    ],
    { singles: 2_000, batches: 200 },
  );
  const memory = getInMemoryEventStore();
  const [measured, baseline] = await measure(
    [
      { label: "in-memory", store: memory },
      { label: "baseline: bare array and map", store: bareLog() },
    ],
    { singles: 20_000, batches: 2_000 },
  );
  await memory.close();
  const rows = [];
  measured.forEach((row, i) => {
    const base = baseline[i];
    rows.push(row, base, {
      name: "  ratio in-memory / baseline",
      value: row.value / base.value,
      unit: "x",
    });
  });

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
    const [esdbRows] = await measure([{ label: "EventStoreDB", store: esdb }], {
      singles: 2_000,
      batches: 200,
    });
    rows.push(...esdbRows);
  } finally {
    await esdb.close();
  }
  return rows;
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const row of await run()) {
    console.log(
      `${row.name.padEnd(48)} ${String(row.value).padStart(10)} ${row.unit}   (${row.note ?? ""})`,
    );
  }
}
