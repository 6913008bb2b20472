// Commands handled per second through the full path (parse, authorise, load, decide, metadata,
// append) on the in-memory store, and the time to load a profile of 10,000 events. Baselines from
// the same run: the bare store append/read the command path is built on.
import { performance } from "node:perf_hooks";
import {
  createCustomers,
  customerDecider,
  customerStreamName,
  getInMemoryEventStore,
  newCustomerId,
  newId,
  snapshottingLoader,
  staffPrincipal,
} from "@clientele/core";

const anna = staffPrincipal("anna", ["customers:view", "customers:edit"]);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const timed = async (n, fn) => {
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  return performance.now() - start;
};

const metadata = () => ({
  eventId: newId(),
  actor: { kind: "staff", staffId: "anna" },
  correlationId: "bench",
  causationId: "bench",
  schemaVersion: 1,
  occurredAt: new Date().toISOString(),
});

export async function run() {
  const rows = [];
  const profiles = 1_000;
  const rounds = 30;
  const warmupRounds = 10;
  const commands = 60_000;

  // Full command path: SetNote on 1,000 profiles round-robin. Crypto-shredding (on in the embedded
  // default) is left out here and measured on its own, on and off in one run, by bench/privacy.mjs:
  // this row is the path every configuration shares (parse, authorise, load, decide, metadata,
  // append), as the foundation's target defines it.
  const plain = { keyStore: false, uniquenessSecret: "bench-core-uniqueness-secret" };
  const customers = createCustomers({ store: getInMemoryEventStore(), ...plain });
  const ids = [];
  for (let i = 0; i < profiles; i++) {
    const id = newCustomerId();
    ids.push(id);
    await customers.execute(
      { type: "CreateCustomer", customerId: id, source: "manual", firstName: `C${i}` },
      anna,
    );
  }
  // Baseline: the bare store appending one ready-made event per call, nothing else.
  const bare = getInMemoryEventStore();
  const fullPath = (i) =>
    customers.execute({ type: "SetNote", customerId: ids[i % profiles], note: `note ${i}` }, anna);
  const bareAppend = (i) =>
    bare.appendToStream(`bench-${i % profiles}`, [
      { type: "CustomerNoted", data: { note: `note ${i}` }, metadata: metadata() },
    ]);
  await timed(5_000, fullPath);
  await timed(5_000, bareAppend);
  // Alternate slices of both, so a neighbour's load on this shared machine hits both alike.
  const slices = 6;
  const perSlice = commands / slices;
  const fullRates = [];
  const bareRates = [];
  for (let slice = 0; slice < slices; slice++) {
    const offset = (slice + 1) * perSlice;
    fullRates.push((perSlice / (await timed(perSlice, (i) => fullPath(offset + i)))) * 1000);
    bareRates.push((perSlice / (await timed(perSlice, (i) => bareAppend(offset + i)))) * 1000);
  }
  const perSecond = median(fullRates);
  const barePerSecond = median(bareRates);
  rows.push({
    name: "commands/s, full path (SetNote, in-memory)",
    value: Math.round(perSecond),
    unit: "cmd/s",
    note: `target >= 50,000; shredding off; median of ${slices} slices`,
  });
  rows.push({
    name: "baseline: bare in-memory append of one event",
    value: Math.round(barePerSecond),
    unit: "appends/s",
  });
  rows.push({ name: "ratio full path / bare append", value: perSecond / barePerSecond, unit: "x" });

  // Loading a profile of 10,000 events, a mix a long-lived customer accumulates: notes, tag
  // changes (about 20 tags held), profile updates and orders (2,500 of them).
  const longStore = getInMemoryEventStore();
  const longCustomers = createCustomers({ store: longStore, ...plain });
  const longId = newCustomerId();
  await longCustomers.execute(
    { type: "CreateCustomer", customerId: longId, source: "manual", firstName: "Long" },
    anna,
  );
  const stream = customerStreamName(longId);
  const mix = [
    (i) => ({ type: "CustomerNoted", data: { note: `note ${i}` } }),
    (i) => ({
      type: i % 8 === 1 ? "CustomerTagged" : "CustomerUntagged",
      data: { tags: [`tag-${i % 40}`] },
    }),
    (i) => ({ type: "CustomerUpdated", data: { firstName: `Long ${i}` } }),
    (i) => ({
      type: "OrderRecorded",
      data: {
        orderId: `o${i}`,
        placedAt: new Date(1_700_000_000_000 + i * 60_000).toISOString(),
        total: "19.90",
        currency: "EUR",
        lineItems: [{ productId: String(1000 + (i % 50)), quantity: 1 }],
      },
    }),
  ];
  const eventsFrom = (first, end) => {
    const batch = [];
    for (let i = first; i < end; i++) batch.push({ ...mix[i % 4](i), metadata: metadata() });
    return batch;
  };
  // A snapshot every 1,000 events, as a long-profile store is configured. The last one is taken
  // at revision 9,000 so a load from it still replays 999 events: the worst case of that setting.
  const snapshots = snapshottingLoader({ ...customerDecider, every: 1_000, stateVersion: 1 });
  await longStore.appendToStream(stream, eventsFrom(1, 9_001));
  await snapshots.afterAppend(longStore, stream, await snapshots.load(longStore, stream));
  await longStore.appendToStream(stream, eventsFrom(9_001, 10_000));
  // Each timing is taken after warm-up rounds, so it measures the replay and not V8 compiling it.
  const sample = async (fn) => {
    const times = [];
    for (let i = 0; i < warmupRounds + rounds; i++) {
      const t = performance.now();
      await fn();
      if (i >= warmupRounds) times.push(performance.now() - t);
    }
    return median(times);
  };
  const expectFull = (loaded) => {
    if (loaded.revision !== 9_999)
      throw new Error(`expected revision 9999, got ${loaded.revision}`);
  };
  // A fresh service each time: its state cache is empty, so this is a cold load from the store.
  const fullReplay = await sample(async () =>
    expectFull(await createCustomers({ store: longStore, ...plain }).load(longId, anna)),
  );
  const bareRead = await sample(() => longStore.readStream(stream));
  const fromSnapshot = await sample(async () =>
    expectFull(
      await createCustomers({ store: longStore, loader: snapshots, ...plain }).load(longId, anna),
    ),
  );
  rows.push({
    name: "load a 10,000-event profile, full replay (p50)",
    value: fullReplay,
    unit: "ms",
    note: "target <= 5 ms; no snapshot, no cache",
  });
  rows.push({
    name: "load a 10,000-event profile, from snapshot (p50)",
    value: fromSnapshot,
    unit: "ms",
    note: "target <= 5 ms; snapshot at 9,000, 999 events replayed",
  });
  rows.push({
    name: "baseline: bare readStream of the same 10,000 events (p50)",
    value: bareRead,
    unit: "ms",
  });
  rows.push({ name: "ratio full replay / bare read", value: fullReplay / bareRead, unit: "x" });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await run()) console.log(row);
}
