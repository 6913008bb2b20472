// Saved segments at scale: keeping one segment's membership current and exporting it as CSV
// (100,000 members by default; SEGMENT_MEMBERS=1000000 for a million). Baselines, measured in the
// same run: the diff alone (page the members, compare with a set of the recorded ones) for the
// refreshes, and paging plus the profile lookup without CSV for the export. The reader here is a sorted id array with binary-searched cursors (what an index gives),
// so the figures show the refresher's and the export's own cost, not the evaluator's.
import { performance } from "node:perf_hooks";
import { getInMemoryEventStore, staffPrincipal } from "@clientele/core";
import {
  createMembershipRefresher,
  createSavedSegments,
  diffMembership,
  exportSegmentCsv,
  memberPages,
  parseSegmentQuery,
} from "@clientele/segments";

const mia = staffPrincipal("mia", ["customers:view", "segments:manage"]);

/** Members as a sorted array; a page starts after the cursor, found by binary search. */
const indexLikeReader = (members) => ({
  async count() {
    return members.ids.length;
  },
  async page(_query, { limit, cursor }) {
    const { ids } = members;
    let low = 0;
    let high = ids.length;
    while (cursor !== undefined && low < high) {
      const middle = (low + high) >>> 1;
      if (ids[middle] <= cursor) low = middle + 1;
      else high = middle;
    }
    const page = ids.slice(low, low + limit);
    return low + limit < ids.length ? { ids: page, cursor: page.at(-1) } : { ids: page };
  },
});

const idOf = (i) => `cus_${String(i).padStart(8, "0")}`;
const time = async (work) => {
  const start = performance.now();
  await work();
  return performance.now() - start;
};
const perSecond = (count, ms) => Math.round((count / ms) * 1000);

export async function run() {
  const size = Number(process.env.SEGMENT_MEMBERS ?? 100_000);
  const members = { ids: Array.from({ length: size }, (_, i) => idOf(i * 2)) };
  const reader = indexLikeReader(members);
  const query = parseSegmentQuery("customer_tags CONTAINS 'vip'");
  const store = getInMemoryEventStore();
  const segments = createSavedSegments({ store, reader });
  await segments.create({ name: "VIP", query: "customer_tags CONTAINS 'vip'" }, mia);
  const refresher = () => createMembershipRefresher({ store, reader, timeZone: "Europe/Paris" });

  const live = refresher();
  const initialMs = await time(() => live.refresh());
  const recorded = new Set(members.ids);

  // 1% churn: the first 0.5% leave, as many new ids (odd numbers) join.
  const churn = Math.max(1, Math.round(size / 200));
  members.ids = [
    ...members.ids.slice(churn),
    ...Array.from({ length: churn }, (_, i) => idOf(i * 2 + 1)),
  ].sort();
  const baselineMs = await time(() => diffMembership(reader, query, recorded, 10_000));
  let report;
  const steadyMs = await time(async () => {
    [report] = await live.refresh();
  });
  if (report.joined !== churn || report.left !== churn) {
    throw new Error(`expected ${churn} joined and left, got ${JSON.stringify(report)}`);
  }
  const restartMs = await time(() => refresher().refresh());

  const lookup = async (ids) => new Map(ids.map((id) => [id, { id, email: `${id}@example.com` }]));
  const lookupMs = await time(async () => {
    for await (const ids of memberPages(reader, query, 1000)) await lookup(ids);
  });
  let bytes = 0;
  const csvMs = await time(async () => {
    const csv = exportSegmentCsv(reader, query, {
      columns: [
        { header: "id", value: (row) => row.id },
        { header: "email", value: (row) => row.email },
      ],
      lookup,
    });
    for await (const line of csv) bytes += line.length;
  });

  const n = size.toLocaleString("en-US");
  return [
    {
      name: `baseline: diff ${n} members in memory (1% churn)`,
      value: Math.round(baselineMs),
      unit: "ms",
    },
    {
      name: `first refresh: ${n} CustomerJoinedSegment recorded`,
      value: perSecond(size, initialMs),
      unit: "members/s",
      note: `${Math.round(initialMs)} ms`,
    },
    {
      name: `refresh after 1% churn (${churn} joined, ${churn} left)`,
      value: Math.round(steadyMs),
      unit: "ms",
      note: `${(steadyMs / baselineMs).toFixed(2)}x the diff alone`,
    },
    {
      name: "refresh after a restart (reads the membership stream)",
      value: Math.round(restartMs),
      unit: "ms",
      note: `${(restartMs / baselineMs).toFixed(2)}x the diff alone`,
    },
    {
      name: `baseline: page and look up ${n} members, no CSV`,
      value: perSecond(size, lookupMs),
      unit: "rows/s",
    },
    {
      name: `CSV export of ${n} members`,
      value: perSecond(size, csvMs),
      unit: "rows/s",
      note: `${(csvMs / lookupMs).toFixed(2)}x the baseline's time, ${Math.round(bytes / 1024)} KiB`,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await run()) console.log(row);
}
