// Commands handled per second through the full path (parse, authorise, load, decide, metadata,
// append) on the in-memory store, and the time to load a profile of 10,000 events. Baselines from
// the same run: the bare store append/read the command path is built on.
import { performance } from "node:perf_hooks";
import {
  createCustomers,
  customerStreamName,
  evolve,
  getInMemoryEventStore,
  initialCustomerState,
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
  const commands = 60_000;

  // Full command path: SetNote on 1,000 profiles round-robin.
  const customers = createCustomers();
  const ids = [];
  for (let i = 0; i < profiles; i++) {
    const id = newCustomerId();
    ids.push(id);
    await customers.execute(
      { type: "CreateCustomer", customerId: id, source: "manual", firstName: `C${i}` },
      anna,
    );
  }
  await timed(5_000, (i) =>
    customers.execute({ type: "SetNote", customerId: ids[i % profiles], note: `warm ${i}` }, anna),
  );
  const ms = await timed(commands, (i) =>
    customers.execute({ type: "SetNote", customerId: ids[i % profiles], note: `note ${i}` }, anna),
  );
  const perSecond = (commands / ms) * 1000;

  // Baseline: the bare store appending one ready-made event per call, nothing else.
  const bare = getInMemoryEventStore();
  const bareMs = await timed(commands, (i) =>
    bare.appendToStream(`bench-${i % profiles}`, [
      { type: "CustomerNoted", data: { note: `note ${i}` }, metadata: metadata() },
    ]),
  );
  const barePerSecond = (commands / bareMs) * 1000;
  rows.push({
    name: "commands/s, full path (SetNote, in-memory)",
    value: Math.round(perSecond),
    unit: "cmd/s",
    note: "target >= 50,000",
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
  const longCustomers = createCustomers({ store: longStore });
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
  const batch = [];
  for (let i = 1; i < 10_000; i++) batch.push({ ...mix[i % 4](i), metadata: metadata() });
  await longStore.appendToStream(stream, batch);
  const loads = [];
  const reads = [];
  for (let i = 0; i < 30; i++) {
    // A fresh service each time: its state cache is empty, so this is a cold load from the store.
    const cold = createCustomers({ store: longStore });
    let t = performance.now();
    const loaded = await cold.load(longId, anna);
    loads.push(performance.now() - t);
    if (loaded.revision !== 9_999)
      throw new Error(`expected revision 9999, got ${loaded.revision}`);
    t = performance.now();
    await longStore.readStream(stream);
    reads.push(performance.now() - t);
  }
  // The same profile with a snapshot every 1,000 events, as a long-profile store is configured.
  const snapshots = snapshottingLoader({
    evolve,
    initialState: () => initialCustomerState,
    every: 1_000,
    stateVersion: 1,
  });
  await snapshots.afterAppend(longStore, stream, await snapshots.load(longStore, stream));
  const snapshotLoads = [];
  for (let i = 0; i < 30; i++) {
    const cold = createCustomers({ store: longStore, loader: snapshots });
    const t = performance.now();
    const loaded = await cold.load(longId, anna);
    snapshotLoads.push(performance.now() - t);
    if (loaded.revision !== 9_999)
      throw new Error(`expected revision 9999, got ${loaded.revision}`);
  }
  rows.push({
    name: "load a 10,000-event profile, full replay (p50)",
    value: median(loads),
    unit: "ms",
    note: "target <= 5 ms",
  });
  rows.push({
    name: "load a 10,000-event profile, from snapshot (p50)",
    value: median(snapshotLoads),
    unit: "ms",
    note: "target <= 5 ms",
  });
  rows.push({
    name: "baseline: bare readStream of the same 10,000 events (p50)",
    value: median(reads),
    unit: "ms",
  });
  rows.push({ name: "ratio load / bare read", value: median(loads) / median(reads), unit: "x" });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await run()) console.log(row);
}
