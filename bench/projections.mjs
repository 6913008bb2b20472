// Projection throughput: generated customers' events projected by the real projector (in-memory
// event store) into a redis-server this bench starts on a free port, with `redis-benchmark -P 16
// -t sadd` against the same server in the same run as the baseline, and memory per customer.
// PROJECTION_BENCH_EVENTS sets the size (default 1,000,000, the issue's);
// PROJECTION_BENCH_BATCH the projector's batch size (default 2,000);
// PROJECTION_BENCH_LISTPACK the server's hash/zset-max-listpack-value (default 1024, as
// docs/projections.md recommends; 0 keeps Redis' default of 64).
// `pnpm bench` runs node with --max-semi-space-size=64, the setting docs/projections.md recommends
// for a projector process.
// Run `pnpm build` first; then `node bench/projections.mjs` or `pnpm bench projections`.
import { execFile } from "node:child_process";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { getInMemoryEventStore } from "../packages/core/dist/index.js";
import {
  directory,
  getRedisReadModelStore,
  startProjector,
  testing,
  timeline,
} from "../packages/projections/dist/index.js";

const execFileAsync = promisify(execFile);
const eventCount = Number(process.env.PROJECTION_BENCH_EVENTS ?? 1_000_000);
const eventsPerCustomer = 10;
const batchSize = Number(process.env.PROJECTION_BENCH_BATCH ?? 2_000);
const listpackValue = Number(process.env.PROJECTION_BENCH_LISTPACK ?? 1024);

/** Customers live concurrently, ten events each (testing.appendCustomerLives, also the crash test's). */
const generate = (store, count) =>
  testing.appendCustomerLives(store, { seed: 42, count, eventsPerCustomer });

/** Redis' own CPU seconds (user + sys), read from INFO so other processes do not count. */
const redisCpuSeconds = async (client) => {
  const info = await client.info("cpu");
  const read = (name) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return read("used_cpu_user") + read("used_cpu_sys");
};

/**
 * Projects the whole log with one projector per projection, as a service would run them; returns
 * wall time and the CPU each side spent, since on a shared machine CPU per event says more
 * about cost than a rate does.
 */
const project = async (store, client, projections, last) => {
  const readModel = getRedisReadModelStore({ client });
  const redisBefore = await redisCpuSeconds(client);
  const nodeBefore = process.cpuUsage();
  const started = performance.now();
  const projectors = await Promise.all(
    projections.map((projection) =>
      startProjector({ store, readModel, projection, batchSize, batchDelayMs: 5 }),
    ),
  );
  await Promise.all(projectors.map((projector) => projector.waitFor(last)));
  const ms = performance.now() - started;
  await Promise.all(projectors.map((projector) => projector.stop()));
  const node = process.cpuUsage(nodeBefore);
  return {
    perSecond: Math.round((eventCount / ms) * 1000),
    redisUs: (((await redisCpuSeconds(client)) - redisBefore) * 1e6) / eventCount,
    nodeUs: (node.user + node.system) / eventCount,
  };
};

const saddBaseline = async (port) => {
  const { stdout } = await execFileAsync("redis-benchmark", [
    "-p",
    String(port),
    "-P",
    "16",
    "-t",
    "sadd",
    "-n",
    "1000000",
    "-q",
  ]);
  const match = /SADD: ([\d.]+) requests per second/.exec(stdout);
  if (!match) throw new Error(`Unexpected redis-benchmark output: ${stdout}`);
  return Number(match[1]);
};

const usedMemory = async (client) =>
  Number(/used_memory:(\d+)/.exec(await client.info("memory"))?.[1] ?? 0);

export const run = async () => {
  const redis = await testing.startRedisServer();
  const client = redis.client();
  try {
    // Timeline entries (~100-250 bytes) exceed Redis' default 64-byte listpack limit, which turns
    // every customer's sorted set into a skiplist plus a hash table: more memory and CPU per write.
    if (listpackValue > 0)
      for (const setting of ["hash-max-listpack-value", "zset-max-listpack-value"])
        await client.config("SET", setting, String(listpackValue));
    const semiSpace = process.execArgv.find((arg) => arg.startsWith("--max-semi-space-size"));
    const store = getInMemoryEventStore();
    const { customers, head } = await generate(store, eventCount);
    const size = `${eventCount.toLocaleString("en-US")} events`;
    const rows = [
      {
        name: "settings",
        value: `batch ${batchSize}`,
        note: `listpack values <= ${listpackValue > 0 ? listpackValue : "64 (default)"} bytes, node ${semiSpace ?? "default semi-space"}`,
      },
    ];
    const before = await usedMemory(client);
    for (const projection of [timeline, directory]) {
      const { perSecond, redisUs, nodeUs } = await project(store, client, [projection], head);
      rows.push(
        {
          name: `${projection.name} v${projection.version} alone: ${size}`,
          value: perSecond,
          unit: "events/s",
        },
        {
          name: "  CPU per event: redis-server / node",
          value: `${redisUs.toFixed(1)} / ${nodeUs.toFixed(1)}`,
          unit: "us",
        },
      );
    }
    const after = await usedMemory(client);
    await client.flushall();
    const together = await project(store, client, [timeline, directory], head);

    const sadd = await saddBaseline(redis.port);
    rows.push(
      {
        name: `timeline + directory together (one process): ${size}`,
        value: together.perSecond,
        unit: "events/s",
        note: "target >= 100,000 on 2 cores",
      },
      {
        name: "  CPU per event: redis-server / node",
        value: `${together.redisUs.toFixed(1)} / ${together.nodeUs.toFixed(1)}`,
        unit: "us",
      },
      { name: "baseline: redis-benchmark -P 16 -t sadd, same server", value: sadd, unit: "ops/s" },
      {
        name: "  ratio together events/s / SADD ops/s",
        value: together.perSecond / sadd,
        unit: "x",
      },
      {
        name: "used_memory per customer (timeline + directory)",
        value: Math.round((after - before) / customers),
        unit: "bytes",
        note: `${customers.toLocaleString("en-US")} customers, ${eventsPerCustomer} events each`,
      },
    );
    return rows;
  } finally {
    client.disconnect();
    await redis.stop();
  }
};

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const row of await run()) console.log(row);
}
