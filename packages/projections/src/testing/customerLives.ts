import { customerStreamName, type EventStore } from "@clientele/core";
import { customerCreated, staffAnna } from "./customerHistory.js";
import { seededRandom } from "./history.js";

const notSubscribed = { state: "NOT_SUBSCRIBED", optInLevel: "UNKNOWN", consentUpdatedAt: null };
const occurredAt = "2026-01-02T09:00:00.000Z";

/** A customer's life in `length` events: created, tagged, an address, consent, edits, a note, orders. */
const lifeOf = (n: number, length: number, random: () => number) => {
  const id = `cus_${String(n).padStart(8, "0")}`;
  const events: Array<{ type: string; data: object }> = [
    {
      type: "CustomerCreated",
      data: customerCreated(id, {
        lastName: `Lovelace${n}`,
        email: `customer${n}@example.com`,
        phone: `+1415${String(n).padStart(7, "0")}`,
        tags: ["newsletter"],
      }),
    },
    { type: "CustomerTagged", data: { tags: [random() < 0.2 ? "VIP" : "regular"] } },
    {
      type: "AddressAdded",
      data: {
        address: {
          addressId: `a${n}`,
          address1: `${n} Market St`,
          city: "Paris",
          countryCode: "FR",
        },
      },
    },
    { type: "EmailMarketingConsentUpdated", data: { ...notSubscribed, state: "SUBSCRIBED" } },
    { type: "CustomerUpdated", data: { firstName: "Ada", locale: "fr" } },
    { type: "CustomerNoted", data: { note: "Prefers phone calls" } },
  ];
  for (let o = 0; events.length < length; o++)
    events.push({
      type: "OrderRecorded",
      data: {
        orderId: `o${n}-${o}`,
        placedAt: occurredAt,
        total: (10 + o).toFixed(2),
        currency: "EUR",
        lineItems: [{ productId: "p1", quantity: 1 }],
      },
    });
  return { id, events, at: 0 };
};

/**
 * Appends `count` customer events, the same ones (ids, event ids, order) for the same seed in any
 * process: customers live side by side, each append picks one of the 1,000 most recent unfinished
 * lives. For benchmarks and for crash tests that rebuild the store in every restarted process.
 *
 * @example const { customers, head } = await appendCustomerLives(store, { seed: 42, count: 100_000 });
 */
export const appendCustomerLives = async (
  store: EventStore,
  {
    seed,
    count,
    eventsPerCustomer = 10,
  }: { seed: number; count: number; eventsPerCustomer?: number },
): Promise<{ customers: number; head: bigint }> => {
  const random = seededRandom(seed);
  const open: Array<ReturnType<typeof lifeOf>> = [];
  let next = 0;
  let head = 0n;
  for (let appended = 0; appended < count; appended++) {
    while (open.length < 1_000 && next * eventsPerCustomer < count)
      open.push(lifeOf(next++, eventsPerCustomer, random));
    const index = Math.floor(random() * open.length);
    const life = open[index] as ReturnType<typeof lifeOf>;
    const { type, data } = life.events[life.at++] as { type: string; data: object };
    const { position } = await store.appendToStream(customerStreamName(life.id), [
      {
        type,
        data: data as Record<string, unknown>,
        metadata: {
          // Deterministic, so every restarted process writes the very same views.
          eventId: `01J${String(appended).padStart(23, "0")}`,
          actor: staffAnna,
          correlationId: "customer-lives",
          causationId: "customer-lives",
          schemaVersion: 1,
          occurredAt,
        },
      },
    ]);
    head = position;
    if (life.at === life.events.length) open.splice(index, 1);
  }
  return { customers: next, head };
};
