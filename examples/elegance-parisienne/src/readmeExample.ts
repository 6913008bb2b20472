import { createCustomers, newCustomerId, staffPrincipal } from "@clientele/core";

const customers = createCustomers(); // in memory; pass { store } for EventStoreDB or PostgreSQL
const anna = staffPrincipal("anna", ["customers:view", "customers:edit"]);
const id = newCustomerId();

await customers.execute(
  {
    type: "CreateCustomer",
    customerId: id,
    source: "manual",
    firstName: "Pierre",
    email: "pierre@example.fr",
  },
  anna,
);
await customers.execute({ type: "AddTags", customerId: id, tags: "VIP, Paris" }, anna);

const { state, revision } = await customers.load(id, anna);
console.log(state.firstName, state.tags, revision); // Pierre [ 'VIP', 'Paris' ] 1
