import { createCustomers, newCustomerId, staffPrincipal } from "@clientele/core";

const customers = createCustomers();
const anna = staffPrincipal("anna", ["customers:view", "customers:edit"]);
const ids = [newCustomerId(), newCustomerId()];
for (const customerId of ids) {
  await customers.execute(
    { type: "CreateCustomer", customerId, source: "import", firstName: "Client" },
    anna,
  );
}

const report = await customers.bulk.run(
  {
    bulkId: "spring-sale-2026",
    operation: { kind: "addTags", tags: "spring-sale" },
    selection: { ids: [...ids, "cus_unknown"] },
  },
  anna,
  { concurrency: 16, onProgress: (p) => console.log(`${p.done}/${p.total}`) },
);
console.log(report.changed, report.failed, report.items[2]?.code);

// After a crash: the same call (same bulkId), or resume, finishes it without doing anything twice.
const again = await customers.bulk.resume("spring-sale-2026", anna);
console.log(again.finished, again.changed);
