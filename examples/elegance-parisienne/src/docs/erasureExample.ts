import { createCustomers, fixedClock, newCustomerId, staffPrincipal } from "@clientele/core";

const clock = fixedClock("2026-03-01T09:00:00Z");
const customers = createCustomers({
  clock,
  erasurePeriods: { withoutRecentOrderDays: 10, afterLastOrderMonths: 6 }, // the defaults
  onPersonalDataErased: async ({ subjectIds, reason }) => {
    console.log(`destroy the keys of ${subjectIds.length} profile(s): ${reason}`);
  },
});
const anna = staffPrincipal("anna", [
  "customers:view",
  "customers:edit",
  "customers:erase",
  "customers:delete",
]);
const id = newCustomerId();
await customers.execute(
  { type: "CreateCustomer", customerId: id, source: "manual", email: "forget.me@example.fr" },
  anna,
);

await customers.execute({ type: "RequestDataErasure", customerId: id }, anna);
const { state } = await customers.load(id, anna);
console.log(state.redactionPending?.dueAt); // no order in six months: ten days from now

clock.advance(10 * 24 * 60 * 60 * 1000);
const run = await customers.processDueErasures(); // what a daily scheduler calls
console.log(run.redacted.length, (await customers.load(id, anna)).state.email);

await customers.execute({ type: "DeleteCustomer", customerId: id }, anna); // deleting what is left
