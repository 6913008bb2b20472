/*
 * The Élégance Parisienne story (shared/domain/README.md), played on the embedded in-memory store.
 * Pierre, a regular, moves; two staff members edit him at the same moment; a delete is blocked by
 * his orders; an intern tries something she may not; an auditor replays his whole history; an
 * analyst counts the VIPs in Paris who spent more than 500 € this year.
 */
import {
  type CustomerEvent,
  createCustomers,
  describeCustomerEvent,
  fixedClock,
  isClienteleError,
  staffPrincipal,
  systemPrincipal,
} from "@clientele/core";
import { analystCount, seedShop, vipsInParisQuery } from "./analystAct.js";

const clock = fixedClock("2026-03-02T09:00:00Z");
const customers = createCustomers({ clock });
const later = (minutes: number) => clock.advance(minutes * 60_000);

const anna = staffPrincipal("anna", ["customers:view", "customers:edit"]);
const marc = staffPrincipal("marc", ["customers:view", "customers:edit"]);
const julie = staffPrincipal("julie", ["customers:view"]);
const claire = staffPrincipal("claire", ["customers:view", "customers:delete"]);
const shop = systemPrincipal("online store");

const say = (line: string) => console.log(line);
const heading = (title: string) => say(`\n— ${title}`);
const refusal = (error: unknown): string => {
  if (!isClienteleError(error)) throw error;
  return `${error.code}: ${error.message}`;
};

say("Élégance Parisienne — a day in the life of Pierre's customer profile");

heading("Pierre places his first order online");
const order = {
  type: "RecordOrder",
  email: "pierre.lefebvre@example.fr",
  firstName: "Pierre",
  lastName: "Lefebvre",
  currency: "EUR",
} as const;
const first = await customers.execute(
  {
    ...order,
    orderId: "1001",
    placedAt: clock.now().toISOString(),
    total: "240.00",
    lineItems: [{ productId: "7001", quantity: 1 }],
  },
  shop,
);
const pierre = first.state.id;
if (pierre === null) throw new Error("the order should have created a profile");
say(`A profile is born from the order: ${pierre} (source: ${first.state.source}).`);

later(60 * 24 * 30);
const second = await customers.execute(
  {
    ...order,
    orderId: "1002",
    placedAt: clock.now().toISOString(),
    total: "410.50",
    lineItems: [{ productId: "7002", quantity: 2 }],
  },
  shop,
);
say(
  `A second order with the same email attaches to the same profile: ${second.state.id === pierre ? "yes" : "no"} (${second.state.orders.length} orders).`,
);

heading("Anna gives him his address and the VIP tag");
later(10);
await customers.execute(
  {
    type: "AddAddress",
    customerId: pierre,
    address: { address1: "12 rue de Rivoli", city: "Paris", zip: "75004", countryCode: "FR" },
    setAsDefault: true,
  },
  anna,
);
await customers.execute({ type: "AddTags", customerId: pierre, tags: "VIP, Rive droite" }, anna);

heading("Pierre moves; Anna and Marc edit him at the same moment");
const seen = await customers.load(pierre, anna);
const addressId = seen.state.defaultAddressId as string;
say(`Both open the profile at revision ${seen.revision}.`);
later(5);
const [moved, tagged] = await Promise.all([
  customers.execute(
    {
      type: "UpdateAddress",
      customerId: pierre,
      expectedRevision: seen.revision,
      addressId,
      address: { address1: "3 avenue Foch", zip: "75116" },
    },
    anna,
  ),
  customers.execute(
    { type: "AddTags", customerId: pierre, expectedRevision: seen.revision, tags: ["Paris 16e"] },
    marc,
  ),
]);
say(
  `Anna's address change landed at revision ${moved.revision}; Marc's tag at revision ${tagged.revision}.`,
);
say("Both succeed: changing an address and adding a tag commute, so neither has to start over.");

heading("Then both correct his last name from the same stale screen");
const stale = (await customers.load(pierre, anna)).revision;
later(2);
await customers.execute(
  { type: "UpdateCustomer", customerId: pierre, expectedRevision: stale, lastName: "Lefèbvre" },
  anna,
);
try {
  await customers.execute(
    { type: "UpdateCustomer", customerId: pierre, expectedRevision: stale, lastName: "Le Febvre" },
    marc,
  );
} catch (error) {
  say(`Marc is told: ${refusal(error)}`);
}

heading("Claire, the manager, tries to delete the profile");
try {
  await customers.execute({ type: "DeleteCustomer", customerId: pierre }, claire);
} catch (error) {
  say(`Refused — ${refusal(error)}`);
}

heading("Julie, an intern with view-only access, tries to add a note");
try {
  await customers.execute(
    { type: "SetNote", customerId: pierre, note: "Prefers the Marais shop" },
    julie,
  );
} catch (error) {
  say(`Refused — ${refusal(error)}`);
}

heading("An auditor replays Pierre's whole history");
const history = await customers.history(pierre, julie);
for (const event of history) {
  const when = event.metadata.occurredAt.replace("T", " ").slice(0, 16);
  say(
    `  #${event.revision}  ${when}  ${describeCustomerEvent({ type: event.type, data: event.data } as CustomerEvent, event.metadata.actor)}`,
  );
}
const now = await customers.load(pierre, julie);
say(
  `\nPierre today: ${now.state.firstName} ${now.state.lastName}, tags [${now.state.tags.join(", ")}], ${now.state.orders.length} orders, revision ${now.revision}.`,
);

heading("The shop's other 1,000 customers shop too");
const others = await seedShop(customers, { shop, staff: anna, count: 1_000 });
say(`${others.length} more profiles, born from their orders, with addresses and tags.`);

heading("An analyst counts the VIPs in Paris who spent more than 500 € this year");
say(`  ${vipsInParisQuery}`);
say('  (amount_spent is the lifetime total; "this year" is a last order since 1 January)');
const analyst = staffPrincipal("sophie", ["customers:view"]);
const counted = await analystCount(customers, { ids: [pierre, ...others], clock, analyst });
say(
  `The segment index, projected from the store in ${counted.projectedMs.toFixed(0)} ms, counts ${counted.count} customers (in ${counted.countMs.toFixed(2)} ms); Pierre is ${counted.members.includes(pierre) ? "one of them" : "not among them"}.`,
);
say(
  `The reference evaluator, replaying all ${counted.profiles} profiles from the store, counts ${counted.reference}: ${counted.count === counted.reference ? "the same" : "A DIFFERENT NUMBER"}.`,
);
