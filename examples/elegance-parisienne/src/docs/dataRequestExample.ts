import { createCustomers, newCustomerId, staffPrincipal } from "@clientele/core";

const customers = createCustomers();
const anna = staffPrincipal("anna", ["customers:view", "customers:edit", "customers:request_data"]);
const id = newCustomerId();
await customers.execute(
  {
    type: "CreateCustomer",
    customerId: id,
    source: "manual",
    firstName: "Claire",
    email: "claire@example.fr",
    note: "internal",
  },
  anna,
);

const requestId = await customers.dataRequests.start(id, anna, "shopify-data-request-981");
const exported = await customers.dataRequests.complete(id, requestId, anna);
const file = JSON.stringify(exported, null, 2); // hand this file to the customer

const read = JSON.parse(file);
console.log(read.format, read.version, read.customer.firstName, read.timeline.length);
console.log(read.timeline[0].description);
