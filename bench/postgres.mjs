// Append and catch-up throughput of the PostgreSQL and PGlite event stores, against pgbench's
// simple-update transaction on the same server as the baseline. Needs `pnpm build` first.
//   node bench/postgres.mjs            (CLIENTELE_BENCH_POSTGRES_URL overrides the server)
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { newId } from "../packages/core/dist/index.js";
import { getPGliteEventStore, getPostgresEventStore } from "../packages/postgres/dist/index.js";

const serverUrl =
  process.env.CLIENTELE_BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const seconds = Number(process.env.CLIENTELE_BENCH_SECONDS ?? 5);

const metadata = () => {
  const id = newId();
  return {
    eventId: id,
    actor: { kind: "system", reason: "bench" },
    correlationId: id,
    causationId: id,
    schemaVersion: 1,
    occurredAt: new Date().toISOString(),
  };
};
const event = (n) => ({ type: "CustomerTagged", data: { n, tag: "vip" }, metadata: metadata() });

const psql = (database, sql) =>
  execFileSync("psql", [withDatabase(database), "-v", "ON_ERROR_STOP=1", "-qAtc", sql], {
    encoding: "utf8",
  });
const withDatabase = (name) => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

/** Appends for `seconds`, one writer, each append to its own new stream; returns events/s. */
const appendRate = async (store, batchSize) => {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let events = 0;
  for (let i = 0; performance.now() < deadline; i++) {
    const batch = Array.from({ length: batchSize }, (_, n) => event(n));
    await store.appendToStream(`bench-${batchSize}-${i}`, batch, { expectedRevision: "no_stream" });
    events += batchSize;
  }
  return events / ((performance.now() - started) / 1000);
};

/** Reads the whole log in pages of 1,000, as a projection catching up would; returns events/s. */
const catchUpRate = async (store) => {
  const started = performance.now();
  let events = 0;
  let after;
  for (;;) {
    const page = await store.readAll({ ...(after === undefined ? {} : { after }), maxCount: 1000 });
    if (page.length === 0) break;
    events += page.length;
    after = page.at(-1).position;
  }
  return events / ((performance.now() - started) / 1000);
};

const measureStore = async (label, store) => {
  // Migrates the schema and opens connections before the clock starts.
  await store.readAll({ maxCount: 1 });
  const single = await appendRate(store, 1);
  const batched = await appendRate(store, 10);
  const catchUp = await catchUpRate(store);
  return [
    { name: `${label} append, 1 event per append`, value: single, unit: "events/s" },
    { name: `${label} append, 10 events per append`, value: batched, unit: "events/s" },
    { name: `${label} readAll catch-up`, value: catchUp, unit: "events/s" },
  ];
};

/** pgbench's simple-update script (-N), one client, on its own throwaway database. */
const pgbenchBaseline = () => {
  const database = `clientele_bench_pgbench_${randomBytes(4).toString("hex")}`;
  psql("postgres", `CREATE DATABASE ${database}`);
  try {
    const url = withDatabase(database);
    execFileSync("pgbench", ["-i", "-q", url], { stdio: "ignore" });
    const out = execFileSync("pgbench", ["-N", "-T", "10", "-c", "1", url], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
    return { name: "pgbench simple-update (-N -c 1)", value: tps, unit: "tx/s" };
  } finally {
    psql("postgres", `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
};

/** Runs every measurement and returns rows `{ name, value, unit }`. */
export const run = async () => {
  const rows = [];
  const baseline = pgbenchBaseline();
  rows.push(baseline);

  const database = `clientele_bench_${randomBytes(4).toString("hex")}`;
  psql("postgres", `CREATE DATABASE ${database}`);
  try {
    const store = getPostgresEventStore({ connectionString: withDatabase(database) });
    try {
      const measured = await measureStore("PostgreSQL", store);
      rows.push(...measured);
      rows.push({
        name: "PostgreSQL single appends / pgbench tx",
        value: measured[0].value / baseline.value,
        unit: "ratio",
      });
      rows.push({
        name: "PostgreSQL appends of 10 / pgbench tx",
        value: measured[1].value / 10 / baseline.value,
        unit: "ratio",
      });
    } finally {
      await store.close();
    }
  } finally {
    psql("postgres", `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }

  const dataDir = await mkdtemp(join(tmpdir(), "clientele-bench-pglite-"));
  try {
    const store = getPGliteEventStore({ dataDir });
    try {
      const measured = await measureStore("PGlite", store);
      rows.push(...measured);
      rows.push({
        name: "PGlite single appends / pgbench tx",
        value: measured[0].value / baseline.value,
        unit: "ratio",
      });
    } finally {
      await store.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  return rows;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const { name, value, unit } of await run()) {
    console.log(`${name.padEnd(44)} ${value.toFixed(value < 10 ? 2 : 0).padStart(10)} ${unit}`);
  }
}
