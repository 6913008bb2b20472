// Segment counts and first pages through the public API (parse, plan, one Redis script per
// shard) on generated customers in a private redis-server, against the baseline a user would
// otherwise pick: the same customers in PostgreSQL (GIN on arrays, btree on scalars, a purchases
// table indexed by product and by customer), queried in natural SQL, in the same run.
//   pnpm build && node bench/segments.mjs
//   SEGMENT_BENCH_CUSTOMERS=1000000   the issue's full size (default 100,000)
//   SEGMENT_BENCH_SHARDS=1            index shards (default 1: on one Redis more shards only add
//                                     one script per shard per query; a cluster wants >= 1 per master)
//   CLIENTELE_BENCH_POSTGRES_URL      PostgreSQL server (default postgres://postgres@127.0.0.1:5432)
import pg from "pg";
import {
  getRedisReadModelStore,
  recordingWriter,
  segmentFactsChange,
  segmentIndexName,
  segmentIndexVersion,
  shardOf,
  testing,
} from "../packages/projections/dist/index.js";
import {
  createIndexedSegmentReader,
  parseSegmentQuery,
  resolveDay,
  zonedInstant,
} from "../packages/segments/dist/index.js";

const customers = Number(process.env.SEGMENT_BENCH_CUSTOMERS ?? 100_000);
const shards = Number(process.env.SEGMENT_BENCH_SHARDS ?? 1);
const serverUrl =
  process.env.CLIENTELE_BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const timeZone = "America/Toronto";
const now = new Date("2026-06-15T16:00:00Z");
const layout = { shards, version: 1, timeZone };
const redisRuns = 200;
const postgresRuns = Number(process.env.SEGMENT_BENCH_PG_RUNS ?? 20);
const pageSize = 100;

// ---- generated customers (deterministic) ----
const random = testing.seededRandom(42);
const pick = (items) => items[Math.floor(random() * items.length)];
/** Skewed towards the first items, as real tags, cities and products are. */
const pickSkewed = (items) => items[Math.floor(random() ** 2 * items.length)];
const tags = [
  "vip",
  "newsletter",
  "wholesale",
  "returning",
  "b2b",
  "loyalty",
  "sale",
  "gift",
].concat(Array.from({ length: 40 }, (_, i) => `tag${i}`));
const cities = [
  ["US", "CA", "Los Angeles"],
  ["US", "NY", "New York"],
  ["CA", "ON", "Toronto"],
  ["CA", "QC", "Montreal"],
  ["US", "TX", "Austin"],
  ["FR", "IDF", "Paris"],
  ["GB", "ENG", "London"],
  ["DE", "BE", "Berlin"],
  ["US", "WA", "Seattle"],
  ["CA", "BC", "Vancouver"],
  ...Array.from({ length: 40 }, (_, i) => ["US", `S${i % 20}`, `Town ${i}`]),
];
const consent = ["NOT_SUBSCRIBED", "PENDING", "SUBSCRIBED", "UNSUBSCRIBED"];
const accounts = ["DISABLED", "INVITED", "ENABLED", "DECLINED"];
const domains = ["gmail.com", "yahoo.com", "outlook.com", "example.com"].concat(
  Array.from({ length: 60 }, (_, i) => `company${i}.com`),
);
const languages = ["en", "fr", "es", "de", "pt-BR", "it", "nl", "ja"];
const products = Array.from({ length: 5000 }, (_, i) => String(1_000_000_000 + i * 7919));
const dayMs = 86_400_000;
const instantWithin = (days) => new Date(now.getTime() - Math.floor(random() * days * dayMs));

export const customer = (n) => {
  const id = `cus_${String(n).padStart(8, "0")}`;
  const places = Array.from({ length: random() < 0.7 ? 1 : random() < 0.5 ? 0 : 2 }, () =>
    pickSkewed(cities),
  );
  const orderCount = random() < 0.3 ? 0 : Math.floor(random() ** 3 * 40) + 1;
  const orders = Array.from({ length: orderCount }, () => instantWithin(1800)).sort(
    (a, b) => a - b,
  );
  const purchases = orders.flatMap((at) =>
    Array.from({ length: Math.floor(random() * 3) }, () => ({
      productId: pickSkewed(products),
      at: at.toISOString(),
    })),
  );
  const units = orders.reduce((sum) => sum + Math.floor(random() * 200_00) * 100, 0);
  return {
    id,
    tags: [...new Set(Array.from({ length: Math.floor(random() * 4) }, () => pickSkewed(tags)))],
    amountUnits: units,
    numberOfOrders: orderCount,
    customerAddedAt: instantWithin(2500).toISOString(),
    firstOrderAt: orders[0]?.toISOString(),
    lastOrderAt: orders[orders.length - 1]?.toISOString(),
    lastAbandonedCheckoutAt: random() < 0.15 ? instantWithin(365).toISOString() : undefined,
    emailSubscriptionStatus: pick(consent),
    smsSubscriptionStatus: pick(consent),
    accountStatus: pick(accounts),
    countries: places.map(([country]) => country),
    regions: places.map(([country, region]) => `${country}-${region}`),
    cities: places.map(([c, r, city]) => `${c}-${r}-${city.replace(/\s+/g, "")}`),
    emailDomain: random() < 0.95 ? pickSkewed(domains) : undefined,
    language: random() < 0.9 ? pickSkewed(languages) : undefined,
    purchases,
  };
};

// ---- the ten representative queries, and the SQL a user would write for each ----
const context = { timeZone, now };
const dayStart = (value) =>
  zonedInstant(`${resolveDay(value, context)}T00:00:00`, timeZone).toISOString();
const daysAgo = (amount) => dayStart({ type: "offset", amount, unit: "d" });
const popularProduct = products[0];
const queries = [
  ["customer_tags CONTAINS 'vip'", "tags @> ARRAY['vip']", []],
  [
    "email_subscription_status = 'SUBSCRIBED' AND customer_countries CONTAINS 'CA'",
    "email_status = 'SUBSCRIBED' AND countries @> ARRAY['ca']",
    [],
  ],
  ["amount_spent BETWEEN 100 AND 1000.99", "amount_spent BETWEEN 100 AND 1000.99", []],
  ["last_order_date > -30d", "last_order_at >= $1", [daysAgo(-29)]],
  [
    "number_of_orders >= 5 AND customer_tags NOT CONTAINS 'wholesale'",
    "number_of_orders >= 5 AND NOT tags @> ARRAY['wholesale']",
    [],
  ],
  [
    "email_subscription_status = 'SUBSCRIBED' AND (customer_countries CONTAINS 'CA' OR amount_spent > 999.99)",
    "email_status = 'SUBSCRIBED' AND (countries @> ARRAY['ca'] OR amount_spent > 999.99)",
    [],
  ],
  [
    `products_purchased MATCHES (id = ${popularProduct})`,
    "EXISTS (SELECT 1 FROM purchases p WHERE p.customer_id = c.id AND p.product_id = $1)",
    [popularProduct],
  ],
  [
    "customer_cities CONTAINS 'US-CA-LosAngeles' AND last_order_date BETWEEN 2025-01-01 AND today",
    "cities @> ARRAY['us-ca-losangeles'] AND last_order_at >= $1 AND last_order_at < $2",
    [
      dayStart({ type: "date", value: "2025-01-01" }),
      dayStart({ type: "offset", amount: 1, unit: "d" }),
    ],
  ],
  [
    "customer_account_status = 'ENABLED' AND customer_language = 'fr' AND abandoned_checkout_date IS NOT NULL",
    "account_status = 'ENABLED' AND language = 'fr' AND abandoned_at IS NOT NULL",
    [],
  ],
  [
    "products_purchased NOT MATCHES (date > -90d)",
    "NOT EXISTS (SELECT 1 FROM purchases p WHERE p.customer_id = c.id AND p.placed_at >= $1)",
    [daysAgo(-89)],
  ],
];

// ---- loading ----
const loadChunk = 5000;

const loadRedis = async (readModel, chunk, checkpoints) => {
  const writers = Array.from({ length: shards }, () => recordingWriter());
  for (const facts of chunk)
    writers[shardOf(facts.id, shards)].writer.indexEntity(
      facts.id,
      segmentFactsChange(facts, timeZone),
    );
  for (const [shard, { ops }] of writers.entries()) {
    const from = checkpoints[shard];
    const to = (from ?? 0n) + 1n;
    await readModel.applyBatch({
      projection: segmentIndexName(layout, shard),
      version: segmentIndexVersion(layout),
      from,
      to,
      ops,
    });
    checkpoints[shard] = to;
  }
};

const schema = `
CREATE TABLE customers (
  id text PRIMARY KEY, tags text[] NOT NULL, countries text[] NOT NULL, regions text[] NOT NULL,
  cities text[] NOT NULL, amount_spent numeric(19,4) NOT NULL, number_of_orders int NOT NULL,
  customer_added_at timestamptz NOT NULL, first_order_at timestamptz, last_order_at timestamptz,
  abandoned_at timestamptz, email_status text NOT NULL, sms_status text NOT NULL,
  account_status text NOT NULL, email_domain text, language text);
CREATE TABLE purchases (customer_id text NOT NULL, product_id text NOT NULL, placed_at timestamptz NOT NULL);`;
const indexes = `
CREATE INDEX ON customers USING gin (tags); CREATE INDEX ON customers USING gin (countries);
CREATE INDEX ON customers USING gin (regions); CREATE INDEX ON customers USING gin (cities);
CREATE INDEX ON customers (amount_spent); CREATE INDEX ON customers (number_of_orders);
CREATE INDEX ON customers (customer_added_at); CREATE INDEX ON customers (first_order_at);
CREATE INDEX ON customers (last_order_at); CREATE INDEX ON customers (abandoned_at);
CREATE INDEX ON customers (email_status); CREATE INDEX ON customers (sms_status);
CREATE INDEX ON customers (account_status); CREATE INDEX ON customers (email_domain);
CREATE INDEX ON customers (language);
CREATE INDEX ON purchases (product_id, placed_at); CREATE INDEX ON purchases (customer_id, placed_at);
ANALYZE;`;

const loadPostgres = async (db, chunk) => {
  const rows = chunk.map((c) => ({
    id: c.id,
    tags: c.tags.map((t) => t.toLowerCase()),
    countries: c.countries.map((v) => v.toLowerCase()),
    regions: c.regions.map((v) => v.toLowerCase()),
    cities: c.cities.map((v) => v.toLowerCase()),
    amount_spent: c.amountUnits / 10_000,
    number_of_orders: c.numberOfOrders,
    customer_added_at: c.customerAddedAt,
    first_order_at: c.firstOrderAt ?? null,
    last_order_at: c.lastOrderAt ?? null,
    abandoned_at: c.lastAbandonedCheckoutAt ?? null,
    email_status: c.emailSubscriptionStatus,
    sms_status: c.smsSubscriptionStatus,
    account_status: c.accountStatus,
    email_domain: c.emailDomain ?? null,
    language: c.language ?? null,
  }));
  await db.query(
    "INSERT INTO customers SELECT * FROM json_populate_recordset(null::customers, $1)",
    [JSON.stringify(rows)],
  );
  const lines = chunk.flatMap((c) =>
    c.purchases.map((p) => ({ customer_id: c.id, product_id: p.productId, placed_at: p.at })),
  );
  await db.query(
    "INSERT INTO purchases SELECT * FROM json_populate_recordset(null::purchases, $1)",
    [JSON.stringify(lines)],
  );
};

// ---- timing ----
const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const measure = async (runs, work) => {
  for (let i = 0; i < 3; i++) await work();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await work();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
};

/** Median time Redis itself spent on a count's scripts (SLOWLOG durations, summed per count). */
const redisServerTime = async (client, work) => {
  const runs = 21;
  await client.config("SET", "slowlog-log-slower-than", "0");
  await client.config("SET", "slowlog-max-len", "10000");
  const perRun = [];
  for (let i = 0; i < runs; i++) {
    await client.slowlog("RESET");
    await work();
    const entries = await client.slowlog("GET", 1000);
    const scripts = entries.filter((entry) => /^evalsha$/i.test(String(entry[3][0])));
    perRun.push(scripts.reduce((sum, entry) => sum + Number(entry[2]), 0) / 1000);
  }
  await client.config("SET", "slowlog-log-slower-than", "10000");
  perRun.sort((a, b) => a - b);
  return perRun[Math.floor(runs / 2)];
};

export const run = async () => {
  const redis = await testing.startRedisServer();
  const client = redis.client();
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const database = `clientele_bench_segments_${process.pid}`;
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const db = new pg.Client({ connectionString: url.toString() });
  try {
    await db.connect();
    await db.query(schema);
    const readModel = getRedisReadModelStore({ client });
    const memoryBefore = Number(/used_memory:(\d+)/.exec(await client.info("memory"))?.[1]);
    const checkpoints = Array.from({ length: shards }, () => undefined);
    const loadStart = Date.now();
    let redisLoadMs = 0;
    for (let n = 0; n < customers; n += loadChunk) {
      const chunk = Array.from({ length: Math.min(loadChunk, customers - n) }, (_, i) =>
        customer(n + i),
      );
      const t = Date.now();
      await loadRedis(readModel, chunk, checkpoints);
      redisLoadMs += Date.now() - t;
      await loadPostgres(db, chunk);
    }
    await db.query(indexes);
    const memoryAfter = Number(/used_memory:(\d+)/.exec(await client.info("memory"))?.[1]);
    const pgBytes = Number(
      (await db.query("SELECT pg_database_size(current_database()) AS size")).rows[0].size,
    );
    const rows = [
      {
        name: `customers loaded (index + PostgreSQL), ${shards} shards`,
        value: customers,
        unit: "customers",
        note: `${Math.round((Date.now() - loadStart) / 1000)} s in all, index ${Math.round(redisLoadMs / 1000)} s`,
      },
      {
        name: "segment index memory per customer (Redis used_memory)",
        value: (memoryAfter - memoryBefore) / customers,
        unit: "bytes",
        note: `${Math.round((memoryAfter - memoryBefore) / 2 ** 20)} MiB; PostgreSQL database ${Math.round(pgBytes / 2 ** 20)} MiB`,
      },
    ];
    const reader = createIndexedSegmentReader({ readModel, layout, now: () => now });
    let worstCountP50 = 0;
    let worstCountP99 = 0;
    let leastRatio = Number.POSITIVE_INFINITY;
    for (const [index, [text, where, params]] of queries.entries()) {
      const label = `q${index + 1}`;
      const count = await reader.count(parseSegmentQuery(text));
      const sqlCount = `SELECT count(*) FROM customers c WHERE ${where}`;
      const sqlPage = `SELECT c.id FROM customers c WHERE ${where} ORDER BY c.id LIMIT ${pageSize}`;
      const pgCount = Number((await db.query(sqlCount, params)).rows[0].count);
      const redisCount = await measure(redisRuns, () => reader.count(parseSegmentQuery(text)));
      const redisPage = await measure(redisRuns, () =>
        reader.page(parseSegmentQuery(text), { limit: pageSize }),
      );
      const serverCount = await redisServerTime(client, () =>
        reader.count(parseSegmentQuery(text)),
      );
      const pgCountTime = await measure(postgresRuns, () => db.query(sqlCount, params));
      const pgPageTime = await measure(postgresRuns, () => db.query(sqlPage, params));
      // The 1,000th page (or the last one, for a smaller segment), keyset-paged on both sides:
      // with one shard, customer n has ordinal n, so cursor "0.<n>" and `id > 'cus_<n>'` start
      // at the same member. PostgreSQL finds that member once, untimed.
      const deepAt = Math.max(0, Math.min(999 * pageSize, count - pageSize) - 1);
      const deepId = (
        await db.query(
          `SELECT c.id FROM customers c WHERE ${where} ORDER BY c.id OFFSET ${deepAt} LIMIT 1`,
          params,
        )
      ).rows[0]?.id;
      const deepPage = `SELECT c.id FROM customers c WHERE (${where}) AND c.id > $${params.length + 1} ORDER BY c.id LIMIT ${pageSize}`;
      const deepCursor = deepId && shards === 1 ? `0.${Number(deepId.slice(4))}` : undefined;
      const redisDeep = deepCursor
        ? await measure(redisRuns, () =>
            reader.page(parseSegmentQuery(text), { limit: pageSize, cursor: deepCursor }),
          )
        : undefined;
      const pgDeepTime = deepId
        ? await measure(postgresRuns, () => db.query(deepPage, [...params, deepId]))
        : undefined;
      worstCountP50 = Math.max(worstCountP50, redisCount.p50);
      worstCountP99 = Math.max(worstCountP99, redisCount.p99);
      leastRatio = Math.min(leastRatio, pgCountTime.p50 / redisCount.p50);
      const matched = count === pgCount ? "" : ` MISMATCH: PostgreSQL counts ${pgCount}`;
      rows.push(
        {
          name: `${label} ${text}`.slice(0, 58),
          value: count,
          unit: "members",
          note: matched || undefined,
        },
        {
          name: `${label} count p50 / p99, index (Redis)`,
          value: `${redisCount.p50.toFixed(2)} / ${redisCount.p99.toFixed(2)}`,
          unit: "ms",
        },
        {
          name: `${label} count p50, Redis time only (SLOWLOG, all shards)`,
          value: serverCount.toFixed(3),
          unit: "ms",
        },
        {
          name: `${label} count p50 / p99, PostgreSQL (baseline)`,
          value: `${pgCountTime.p50.toFixed(1)} / ${pgCountTime.p99.toFixed(1)}`,
          unit: "ms",
          note: `${(pgCountTime.p50 / redisCount.p50).toFixed(0)}x the index's p50`,
        },
        {
          name: `${label} first page (${pageSize}) p50 / p99, index (Redis)`,
          value: `${redisPage.p50.toFixed(2)} / ${redisPage.p99.toFixed(2)}`,
          unit: "ms",
        },
        {
          name: `${label} first page p50 / p99, PostgreSQL (baseline)`,
          value: `${pgPageTime.p50.toFixed(1)} / ${pgPageTime.p99.toFixed(1)}`,
          unit: "ms",
          note: `${(pgPageTime.p50 / redisPage.p50).toFixed(1)}x the index's p50`,
        },
        ...(redisDeep && pgDeepTime
          ? [
              {
                name: `${label} page ${Math.floor(deepAt / pageSize) + 2} p50 / p99, index (Redis)`,
                value: `${redisDeep.p50.toFixed(2)} / ${redisDeep.p99.toFixed(2)}`,
                unit: "ms",
              },
              {
                name: `${label} page ${Math.floor(deepAt / pageSize) + 2} p50 / p99, PostgreSQL (keyset)`,
                value: `${pgDeepTime.p50.toFixed(1)} / ${pgDeepTime.p99.toFixed(1)}`,
                unit: "ms",
                note: `${(pgDeepTime.p50 / redisDeep.p50).toFixed(1)}x the index's p50`,
              },
            ]
          : []),
      );
    }
    rows.push({
      name: "worst count p50 / p99 over the ten queries, index",
      value: `${worstCountP50.toFixed(2)} / ${worstCountP99.toFixed(2)}`,
      unit: "ms",
      note: "target: p50 <= 2 ms, p99 <= 10 ms",
    });
    rows.push({
      name: "least count speed-up over PostgreSQL (p50 / p50)",
      value: leastRatio,
      unit: "ratio",
      note: "target: >= 20",
    });
    return rows;
  } finally {
    await db.end().catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS ${database}`).catch(() => {});
    await admin.end();
    client.disconnect();
    await redis.stop();
  }
};

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await run())
    console.log(
      `${row.name.padEnd(58)} ${String(row.value).padStart(14)} ${row.unit ?? ""}${row.note ? `   (${row.note})` : ""}`,
    );
}
