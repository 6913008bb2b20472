// Where the segment index's bytes go: loads the segments bench's customers into a private
// redis-server and prints MEMORY USAGE summed per key family. Not part of `pnpm bench` (the "_"
// prefix); run it when the layout changes:
//   pnpm build && SEGMENT_BENCH_CUSTOMERS=100000 node bench/_segmentIndexMemory.mjs
import {
  getRedisReadModelStore,
  recordingWriter,
  segmentFactsChange,
  segmentIndexName,
  segmentIndexVersion,
  testing,
} from "../packages/projections/dist/index.js";
import { customer } from "./segments.mjs";

const customers = Number(process.env.SEGMENT_BENCH_CUSTOMERS ?? 100_000);
const layout = { shards: 1, version: 1, timeZone: "America/Toronto" };
const redis = await testing.startRedisServer();
const client = redis.client();
try {
  const readModel = getRedisReadModelStore({ client });
  const before = Number(/used_memory:(\d+)/.exec(await client.info("memory"))?.[1]);
  let from;
  for (let n = 0; n < customers; n += 5000) {
    const { writer, ops } = recordingWriter();
    for (let i = n; i < Math.min(customers, n + 5000); i++) {
      const facts = customer(i);
      writer.indexEntity(facts.id, segmentFactsChange(facts, layout.timeZone));
    }
    const to = (from ?? 0n) + 1n;
    await readModel.applyBatch({
      projection: segmentIndexName(layout, 0),
      version: segmentIndexVersion(layout),
      from,
      to,
      ops,
    });
    from = to;
  }
  const after = Number(/used_memory:(\d+)/.exec(await client.info("memory"))?.[1]);
  const families = new Map();
  let cursor = "0";
  do {
    const [next, keys] = await client.scan(cursor, "COUNT", 1000);
    cursor = next;
    for (const key of keys) {
      const bytes = Number(await client.memory("USAGE", key, "SAMPLES", "0"));
      const rest = key.slice(key.indexOf("view:") + 5);
      const family = /^l:\d/.test(rest)
        ? "l:<day> order lines"
        : rest.startsWith("e:")
          ? "e:<id> entity state"
          : rest.startsWith("v:")
            ? `v:${rest.split(":")[1]}:*`
            : rest.startsWith("r:")
              ? `r:${rest.split(":")[1].split(".")[0]}*`
              : rest.startsWith("x:")
                ? "x:*"
                : rest;
      const row = families.get(family) ?? { keys: 0, bytes: 0, encoding: new Set() };
      row.keys++;
      row.bytes += bytes;
      if (rest.startsWith("v:") || rest.startsWith("r:") || rest.startsWith("x:"))
        row.length = (row.length ?? 0) + Number(await client.strlen(key));
      else if (rest.startsWith("e:"))
        row.length = (row.length ?? 0) + Number(await client.strlen(key));
      if (row.encoding.size < 3) row.encoding.add(await client.object("ENCODING", key));
      families.set(family, row);
    }
  } while (cursor !== "0");
  console.log(
    `customers ${customers}, used_memory delta ${after - before} B = ${((after - before) / customers).toFixed(0)} B/customer`,
  );
  const sum = [...families.values()].reduce((s, r) => s + r.bytes, 0);
  console.log(`sum of MEMORY USAGE ${sum} B = ${(sum / customers).toFixed(0)} B/customer`);
  for (const [family, row] of [...families].sort((a, b) => b[1].bytes - a[1].bytes))
    console.log(
      `${family.padEnd(40)} ${String(row.keys).padStart(8)} keys ${(row.bytes / customers).toFixed(1).padStart(8)} B/customer  ${[...row.encoding].join(",")}${row.length ? `  payload ${(row.length / customers).toFixed(1)} B/customer` : ""}`,
    );
} finally {
  client.disconnect();
  await redis.stop();
}
