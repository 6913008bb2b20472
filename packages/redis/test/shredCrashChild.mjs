// Spawned by shredCrash.int.spec.ts: deletes a customer on a durable store (PGlite) with Redis keys,
// and is SIGKILLed by its own key store at the instant it would destroy the key, i.e. after the
// CustomerDeleted append committed and before the key is gone.
import { createCustomers, staffPrincipal } from "@clientele/core";
import { getPGliteEventStore } from "@clientele/postgres";
import { Redis } from "ioredis";
import { getRedisKeyStore } from "../dist/index.js";

const [dataDir, redisPort, customerId] = process.argv.slice(2);
const client = new Redis({ host: "127.0.0.1", port: Number(redisPort) });
const keys = getRedisKeyStore({ client });
const keyStore = { ...keys, destroy: async () => process.kill(process.pid, "SIGKILL") };
const customers = createCustomers({
  store: getPGliteEventStore({ dataDir }),
  keyStore,
  uniquenessSecret: "shred-crash-uniqueness-secret",
});
const anna = staffPrincipal("anna", ["customers:edit", "customers:delete"]);
await customers.execute(
  {
    type: "CreateCustomer",
    customerId,
    source: "manual",
    email: "crash.victim@example.fr",
    note: "call before noon",
  },
  anna,
);
process.stdout.write("created\n");
await customers.execute({ type: "DeleteCustomer", customerId }, anna);
process.stdout.write("survived the destroy\n");
