import {
  createCustomers,
  customerStreamName,
  getInMemoryEventStore,
  getInMemoryKeyStore,
  staffPrincipal,
} from "@clientele/core";

const events = getInMemoryEventStore(); // in production: PostgreSQL or EventStoreDB
const keyStore = getInMemoryKeyStore(); // in production: getRedisKeyStore from @clientele/redis
const customers = createCustomers({
  store: events,
  keyStore,
  uniquenessSecret: "a stable secret of 16+ random bytes",
});
const claire = staffPrincipal("claire", ["customers:view", "customers:edit", "customers:delete"]);

await customers.execute(
  {
    type: "CreateCustomer",
    customerId: "cus_sophie",
    source: "manual",
    firstName: "Sophie",
    email: "sophie@example.fr",
  },
  claire,
);
const [stored] = await events.readStream(customerStreamName("cus_sophie"));
console.log(JSON.stringify(stored?.data).includes("sophie@example.fr")); // false
console.log((await customers.load("cus_sophie", claire)).state.email); // sophie@example.fr

await customers.execute({ type: "DeleteCustomer", customerId: "cus_sophie" }, claire);
console.log((await keyStore.get("cus_sophie")).status); // destroyed
const [created] = await customers.history("cus_sophie", claire);
console.log(created?.data.firstName, created?.data.email); // [redacted] [redacted]
