// Projector throughput on 100,000 events: in memory, and into a private redis-server (never the
// shared 6379). Same row format as the repository's bench/run.mjs, so it can be listed there;
// standalone: `pnpm build && node packages/projections/bench/projector.mjs`.
import { getInMemoryEventStore } from "@clientele/core";
import {
  getInMemoryReadModelStore,
  getRedisReadModelStore,
  rebuildProjection,
  startProjector,
  streamStats,
  testing,
} from "../dist/index.js";
import { appendHistory, seededHistory } from "../dist/testing/history.js";

const eventCount = Number(process.env.PROJECTION_BENCH_EVENTS ?? 100_000);

const timed = async (work) => {
  const start = process.hrtime.bigint();
  const result = await work();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
};

const project = async (store, readModel, projection, batchSize, last) => {
  const projector = await startProjector({
    store,
    readModel,
    projection,
    batchSize,
    batchDelayMs: 5,
  });
  await projector.waitFor(last);
  await projector.stop();
};

export const run = async () => {
  const store = getInMemoryEventStore();
  const last = await appendHistory(store, seededHistory(1, eventCount));
  const redis = await testing.startRedisServer();
  const client = redis.client();
  try {
    const rows = [];
    const perSecond = (ms) => Math.round((eventCount / ms) * 1000);
    const memory = await timed(() =>
      project(store, getInMemoryReadModelStore(), streamStats, 500, last),
    );
    rows.push({
      name: `projector, in-memory read model, ${eventCount} events`,
      value: perSecond(memory.ms),
      unit: "events/s",
      note: "baseline",
    });
    for (const batchSize of [50, 500, 2000]) {
      await client.flushall();
      const readModel = getRedisReadModelStore({ client });
      const { ms } = await timed(() => project(store, readModel, streamStats, batchSize, last));
      rows.push({
        name: `projector -> Redis, batch ${batchSize}`,
        value: perSecond(ms),
        unit: "events/s",
        note: `${Math.round(ms)} ms`,
      });
    }
    const readModel = getRedisReadModelStore({ client });
    const rebuild = await timed(() =>
      rebuildProjection({ store, readModel, projection: { ...streamStats, version: 2 } }),
    );
    rows.push({
      name: "rebuild v2 beside v1, switch, drop v1 (Redis)",
      value: Math.round(rebuild.ms),
      unit: "ms",
      note: `${rebuild.result.droppedKeys} keys dropped`,
    });
    return rows;
  } finally {
    client.disconnect();
    await redis.stop();
  }
};

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await run())
    console.log(
      `${row.name.padEnd(58)} ${String(row.value).padStart(10)} ${row.unit}   (${row.note})`,
    );
}
