// Spawned by mergeCrash.int.spec.ts. Two modes:
//   boundary <url> <first> <second> <k>: merges the pair and SIGKILLs itself right after the
//     merge's k-th durable write, so the kill lands exactly on each step boundary in turn;
//   loop <url> <pairsJson>: merges pair after pair until the parent kills it at a random moment.
import { createCustomers, staffPrincipal } from "@clientele/core";
import { getPostgresEventStore } from "../dist/index.js";

const [mode, connectionString, ...rest] = process.argv.slice(2);
const store = getPostgresEventStore({ connectionString });
const anna = staffPrincipal("anna", ["customers:merge", "customers:view"]);

if (mode === "boundary") {
  const [first, second, k] = rest;
  let writes = 0;
  const customers = createCustomers({
    store,
    afterMergeWrite: () => {
      if (writes++ === Number(k)) process.kill(process.pid, "SIGKILL");
    },
  });
  await customers.merges.merge(
    {
      type: "MergeCustomers",
      customerIds: [first, second],
      keep: { email: first },
      mergeId: `m-${first}`,
    },
    anna,
  );
  process.stdout.write("finished without being killed\n");
  await store.close();
} else {
  const customers = createCustomers({ store });
  for (const [first, second] of JSON.parse(rest[0])) {
    await customers.merges.merge(
      {
        type: "MergeCustomers",
        customerIds: [first, second],
        keep: { email: first },
        mergeId: `m-${first}`,
      },
      anna,
    );
    process.stdout.write(`merged ${first}\n`);
  }
  await store.close();
}
