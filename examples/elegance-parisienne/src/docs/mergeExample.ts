import { createCustomers, newCustomerId, staffPrincipal, systemPrincipal } from "@clientele/core";

const customers = createCustomers();
const anna = staffPrincipal("anna", ["customers:view", "customers:edit", "customers:merge"]);
const [pierre, pierreAgain] = [newCustomerId(), newCustomerId()];
await customers.execute(
  {
    type: "CreateCustomer",
    customerId: pierre,
    source: "manual",
    firstName: "Pierre",
    email: "pierre@example.fr",
  },
  anna,
);
await customers.execute(
  {
    type: "CreateCustomer",
    customerId: pierreAgain,
    source: "import",
    firstName: "P.",
    lastName: "Dupont",
    email: "p.dupont@example.fr",
  },
  anna,
);
await customers.execute(
  {
    type: "RecordOrder",
    customerId: pierreAgain,
    orderId: "1042",
    placedAt: "2026-02-01T10:00:00Z",
    total: "89.00",
    currency: "EUR",
    lineItems: [],
  },
  systemPrincipal("orders"),
);

const merge = {
  type: "MergeCustomers",
  customerIds: [pierreAgain, pierre],
  keep: { email: pierre, firstName: pierre, lastName: pierreAgain },
};
const preview = await customers.merges.preview(merge, anna); // writes nothing
console.log(preview.survivorId === pierre, preview.survivorReason, preview.blockers.length);

const { survivor } = await customers.merges.merge(merge, anna);
console.log(survivor.firstName, survivor.lastName, survivor.email, survivor.orders.length);

const refused = await customers
  .execute({ type: "AddTags", customerId: pierreAgain, tags: "vip" }, anna)
  .catch((e) => e);
console.log(refused.code, refused.details.survivorId === pierre);

// After a crash, a scheduler (or a CLI) finishes or undoes whatever merge was left open:
const { resumed } = await customers.merges.resumeMerges(systemPrincipal("merge resumer"));
console.log(resumed.length);
