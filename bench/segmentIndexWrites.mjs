// What the segment index costs to write, in Redis' own CPU time (INFO cpu, so other processes do
// not count) and bits flipped (SETBIT calls), in a private redis-server:
// - bulk: the bench's generated customers (bench/segments.mjs) through segmentFactsChange;
// - live: customers created, then orders recorded one event at a time through the projection,
//   each order at a later random instant, so the last order and purchase times change every time.
// Baseline in the same run: a SETBIT from Lua, the unit most of this work is made of.
//   pnpm build && node bench/segmentIndexWrites.mjs     SEGMENT_WRITES_CUSTOMERS (default 20,000)
import {
  getRedisReadModelStore,
  recordingWriter,
  segmentFactsChange,
  segmentIndexProjections,
  testing,
} from "../packages/projections/dist/index.js";
import { customer } from "./segments.mjs";

const customers = Number(process.env.SEGMENT_WRITES_CUSTOMERS ?? 20_000);
const ordersEach = 8;
const batchSize = 2000;
const layout = { shards: 1, version: 1, timeZone: "America/Toronto" };

const redisCpu = async (client) => {
  const info = await client.info("cpu");
  const read = (name) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return read("used_cpu_user") + read("used_cpu_sys");
};
const setbits = async (client) =>
  Number(/cmdstat_setbit:calls=(\d+)/.exec(await client.info("commandstats"))?.[1] ?? 0);

/** Applies ops in batches; returns Redis CPU µs and SETBIT calls per item. */
const measure = async (client, items, record) => {
  const readModel = getRedisReadModelStore({ client });
  const [projection] = segmentIndexProjections(layout);
  const cpu = await redisCpu(client);
  const bits = await setbits(client);
  for (let i = 0; i < items.length; i += batchSize) {
    const { writer, ops } = recordingWriter();
    for (const item of items.slice(i, i + batchSize)) record(writer, item);
    const from = await readModel.checkpoint(projection.name, projection.version);
    const to = (from ?? 0n) + 1n;
    await readModel.applyBatch({
      projection: projection.name,
      version: projection.version,
      from,
      to,
      ops,
    });
  }
  return {
    us: (((await redisCpu(client)) - cpu) * 1e6) / items.length,
    flips: ((await setbits(client)) - bits) / items.length,
  };
};

const event = (id, type, data, occurredAt, position) => ({
  streamName: `clientele-customer-${id}`,
  revision: 0,
  position,
  type,
  data,
  metadata: {
    eventId: String(position),
    occurredAt,
    actor: testing.staffAnna,
    correlationId: "bench",
    causationId: "bench",
    schemaVersion: 1,
  },
});

/** Creations, then `ordersEach` rounds of one order per customer. */
const liveEvents = () => {
  const random = testing.seededRandom(7);
  let position = 0n;
  const start = Date.parse("2021-01-01T00:00:00Z");
  const created = [];
  const rounds = Array.from({ length: ordersEach }, () => []);
  for (let n = 0; n < customers; n++) {
    const id = `cus_${String(n).padStart(8, "0")}`;
    const at = new Date(start).toISOString();
    created.push(
      event(id, "CustomerCreated", testing.customerCreated(id, { tags: ["vip"] }), at, ++position),
    );
    let placed = start + random() * 1e9;
    for (const round of rounds) {
      placed += random() * 5e9;
      const placedAt = new Date(placed).toISOString();
      const data = {
        orderId: `o${n}-${round.length}`,
        placedAt,
        total: (random() * 300).toFixed(2),
        currency: "EUR",
        lineItems: [{ productId: `p${Math.floor(random() * 500)}`, quantity: 1 }],
      };
      round.push(event(id, "OrderRecorded", data, placedAt, ++position));
    }
  }
  return { created, orders: rounds.flat() };
};

export const run = async () => {
  const redis = await testing.startRedisServer();
  const client = redis.client();
  try {
    const [projection] = segmentIndexProjections(layout);
    const apply = (writer, e) => projection.apply(e, writer);
    const { created, orders } = liveEvents();
    await measure(client, created, apply);
    const live = await measure(client, orders, apply);
    await client.flushall();
    const facts = Array.from({ length: customers }, (_, n) => customer(n));
    const bulk = await measure(client, facts, (writer, f) =>
      writer.indexEntity(f.id, segmentFactsChange(f, layout.timeZone)),
    );
    const unit = await (async () => {
      const cpu = await redisCpu(client);
      await client.eval(
        "for i = 1, 200000 do redis.call('SETBIT', 'unit', (i * 7919) % 1000000, i % 2) end",
        0,
      );
      return (((await redisCpu(client)) - cpu) * 1e6) / 200_000;
    })();
    return [
      {
        name: "bulk: Redis CPU per customer (segmentFactsChange)",
        value: bulk.us.toFixed(0),
        unit: "µs",
        note: `${bulk.flips.toFixed(0)} bits flipped`,
      },
      {
        name: "live: Redis CPU per OrderRecorded event",
        value: live.us.toFixed(0),
        unit: "µs",
        note: `${live.flips.toFixed(0)} bits flipped`,
      },
      { name: "baseline: one SETBIT from Lua", value: unit.toFixed(2), unit: "µs" },
    ];
  } finally {
    client.disconnect();
    await redis.stop();
  }
};

if (import.meta.url === `file://${process.argv[1]}`)
  for (const row of await run())
    console.log(
      `${row.name.padEnd(58)} ${String(row.value).padStart(14)} ${row.unit ?? ""}${row.note ? `   (${row.note})` : ""}`,
    );
