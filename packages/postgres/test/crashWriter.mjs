// Spawned by crash.int.spec.ts: appends big batches until it is killed.
import { contractEvent } from "@clientele/core/contract";
import { getPostgresEventStore } from "../dist/index.js";

const [connectionString, batchSize] = process.argv.slice(2);
const store = getPostgresEventStore({ connectionString });
for (let batch = 0; ; batch++) {
  const events = Array.from({ length: Number(batchSize) }, (_, i) =>
    contractEvent("Crashed", { batch, i, padding: "x".repeat(200) }),
  );
  await store.appendToStream(`crash-${batch}`, events, { expectedRevision: "no_stream" });
  process.stdout.write(`committed ${batch}\n`);
}
