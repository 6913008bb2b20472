// Bulk tagging throughput: one bulk run adding a tag to every profile (100,000 by default; set
// BULK_PROFILES to try fewer), against a baseline measured in the same run: the same number of
// single AddTags commands sent one by one through `execute`. Both use the in-memory store and the
// full command path (parse, authorise, load, decide, append); the bulk run also records its
// selection, per-chunk starts and per-profile results so that it can resume after a crash.
import { performance } from "node:perf_hooks";
import {
  createCustomers,
  getInMemoryEventStore,
  newCustomerId,
  staffPrincipal,
} from "@clientele/core";

const anna = staffPrincipal("anna", ["customers:view", "customers:edit"]);

export async function run() {
  const profiles = Number(process.env.BULK_PROFILES ?? 100_000);
  const store = getInMemoryEventStore();
  const importer = createCustomers({ store });
  const ids = [];
  for (let i = 0; i < profiles; i++) {
    const customerId = newCustomerId();
    ids.push(customerId);
    await importer.execute(
      { type: "CreateCustomer", customerId, source: "import", firstName: `C${i}` },
      anna,
    );
  }

  // Baseline: the same number of AddTags commands, one after the other.
  const single = createCustomers({ store });
  let start = performance.now();
  for (const customerId of ids) {
    await single.execute({ type: "AddTags", customerId, tags: "single" }, anna);
  }
  const singleMs = performance.now() - start;

  const bulk = createCustomers({ store });
  let progressReports = 0;
  start = performance.now();
  const report = await bulk.bulk.run(
    { operation: { kind: "addTags", tags: "bulk" }, selection: { ids } },
    anna,
    { concurrency: 16, onProgress: () => progressReports++ },
  );
  const bulkMs = performance.now() - start;
  if (report.changed !== profiles) {
    throw new Error(`expected ${profiles} profiles tagged, the report says ${report.changed}`);
  }

  const bulkRate = (profiles / bulkMs) * 1000;
  const singleRate = (profiles / singleMs) * 1000;
  return [
    {
      name: `bulk tag, ${profiles.toLocaleString("en-US")} profiles (in-memory, concurrency 16)`,
      value: Math.round(bulkRate),
      unit: "profiles/s",
      note: `${progressReports} progress reports, resumable`,
    },
    {
      name: "baseline: the same AddTags sent one by one via execute",
      value: Math.round(singleRate),
      unit: "profiles/s",
    },
    { name: "ratio bulk / one by one", value: bulkRate / singleRate, unit: "x" },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await run()) console.log(row);
}
