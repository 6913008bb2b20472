// Spawned by bulkCrash.int.spec.ts: runs a bulk delete and prints progress until it is killed.
import { createCustomers, staffPrincipal } from "@clientele/core";
import { getPostgresEventStore } from "../dist/index.js";

const [connectionString, bulkId, idsJson] = process.argv.slice(2);
const store = getPostgresEventStore({ connectionString });
const customers = createCustomers({ store, bulkChunkSize: 25 });
const anna = staffPrincipal("anna", ["customers:delete", "customers:view"]);
await customers.bulk.run(
  { bulkId, operation: { kind: "delete" }, selection: { ids: JSON.parse(idsJson) } },
  anna,
  { concurrency: 8, onProgress: (p) => process.stdout.write(`done ${p.done}\n`) },
);
process.stdout.write("finished without being killed\n");
await store.close();
