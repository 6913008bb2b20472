import { type Actor, accountStates, settableConsentStates } from "@clientele/core";
import fc from "fast-check";

/*
 * Random customer histories for differential specs: few customers, emails, phones, tags, orders
 * and addresses, so lookups collide, orders repeat, defaults get removed, merges chain (and even
 * loop) and erasure lands in the middle of everything. Events are shaped like the schemas say;
 * the order is random, as a projection must cope with whatever the store holds.
 */

export const customerIds = ["cus_1", "cus_2", "cus_3", "cus_4"] as const;
export const emails = ["ada@example.com", "ADA@example.com", "bo@example.com"] as const;
export const phones = ["+14155550123", "+447700900123"] as const;

const customerId = fc.constantFrom(...customerIds);
const tags = fc.array(fc.constantFrom("vip", "VIP", "gold", "b2b"), { minLength: 1, maxLength: 3 });
const addressId = fc.constantFrom("a1", "a2", "a3");
const address = fc.record({
  addressId,
  address1: fc.constantFrom("1 Market St", "9 Rue Haute"),
  city: fc.constantFrom("Paris", "Lyon", "Oslo"),
  countryCode: fc.constantFrom("FR", "NO", "US"),
});
const consent = fc.record({
  state: fc.constantFrom(...settableConsentStates),
  optInLevel: fc.constant("SINGLE_OPT_IN"),
  consentUpdatedAt: fc.constant(null),
});
const order = fc.record({
  orderId: fc.constantFrom("o1", "o2", "o3"),
  placedAt: fc.constant("2026-01-02T09:00:00.000Z"),
  total: fc.constantFrom("10.99", "3", "0.0001", "120.50"),
  currency: fc.constantFrom("USD", "EUR"),
  lineItems: fc.constant([]),
});
const contactChange = fc.record(
  {
    firstName: fc.constantFrom("Ada", "Bo", null),
    lastName: fc.constantFrom("King", null),
    email: fc.constantFrom(...emails, null),
    phone: fc.constantFrom(...phones, null),
    locale: fc.constantFrom("en", null),
  },
  { requiredKeys: [] },
);

const event = <T extends string>(type: T, data: fc.Arbitrary<object>) =>
  data.map((value) => ({ type, data: value }));

/** Events a survivor may gain in a merge. */
const gained = fc.oneof(
  event("CustomerUpdated", contactChange),
  event("CustomerTagged", fc.record({ tags })),
  event("CustomerNoted", fc.record({ note: fc.constantFrom("merged note", "") })),
  event("AddressAdded", fc.record({ address })),
  event("OrderRecorded", order),
  event("EmailMarketingConsentUpdated", consent),
);

const customerEvent = fc.oneof(
  {
    weight: 3,
    arbitrary: event(
      "CustomerCreated",
      fc.record({
        customerId,
        source: fc.constant("manual"),
        firstName: fc.constantFrom("Ada", null),
        lastName: fc.constantFrom("Lovelace", null),
        email: fc.constantFrom(...emails, null),
        phone: fc.constantFrom(...phones, null),
        locale: fc.constantFrom("en", null),
        taxExempt: fc.constant(false),
        taxExemptions: fc.constant([]),
        tags: fc.array(fc.constantFrom("vip", "gold"), { maxLength: 2 }),
        note: fc.constantFrom("", "first note"),
        addresses: fc.uniqueArray(address, { selector: (a) => a.addressId, maxLength: 2 }),
        defaultAddressId: fc.option(addressId, { nil: null }),
        accountState: fc.constantFrom(...accountStates),
        emailMarketingConsent: consent,
        smsMarketingConsent: consent,
      }),
    ),
  },
  { weight: 3, arbitrary: event("CustomerUpdated", contactChange) },
  { weight: 2, arbitrary: event("CustomerTagged", fc.record({ tags })) },
  { weight: 2, arbitrary: event("CustomerUntagged", fc.record({ tags })) },
  {
    weight: 2,
    arbitrary: event("CustomerNoted", fc.record({ note: fc.constantFrom("call first", "") })),
  },
  { weight: 2, arbitrary: event("AddressAdded", fc.record({ address })) },
  { weight: 1, arbitrary: event("AddressUpdated", fc.record({ address })) },
  { weight: 1, arbitrary: event("AddressRemoved", fc.record({ addressId })) },
  { weight: 1, arbitrary: event("DefaultAddressSet", fc.record({ addressId })) },
  { weight: 1, arbitrary: event("EmailMarketingConsentUpdated", consent) },
  { weight: 1, arbitrary: event("SmsMarketingConsentUpdated", consent) },
  { weight: 3, arbitrary: event("OrderRecorded", order) },
  {
    weight: 1,
    arbitrary: event(
      "AccountStateChanged",
      fc.record({ accountState: fc.constantFrom(...accountStates) }),
    ),
  },
  {
    weight: 1,
    arbitrary: event(
      "PaymentMethodStored",
      fc.record({
        paymentMethodId: fc.constant("pm1"),
        brand: fc.constant("visa"),
        last4: fc.constant("4242"),
        hasSubscriptionCredential: fc.boolean(),
      }),
    ),
  },
  {
    weight: 1,
    arbitrary: event(
      "EmailSent",
      fc.record({
        emailId: fc.constantFrom("e1", "e2"),
        recipient: fc.constantFrom("customer", "staff"),
        to: fc.constant("ada@example.com"),
        from: fc.constant("shop@example.com"),
        subject: fc.constant("Your order"),
        body: fc.constant("It shipped."),
        sentAt: fc.constant("2026-01-02T09:00:00.000Z"),
        resendOf: fc.constant(null),
      }),
    ),
  },
  { weight: 1, arbitrary: event("CustomerRedacted", fc.constant({})) },
  { weight: 1, arbitrary: event("CustomerDeleted", fc.constant({})) },
  {
    weight: 1,
    arbitrary: event(
      "CustomerMergeStarted",
      fc.record({
        mergeId: fc.constant("m1"),
        survivorId: customerId,
        absorbedId: customerId,
      }),
    ),
  },
  {
    weight: 1,
    arbitrary: event("CustomerMergeAbandoned", fc.record({ mergeId: fc.constant("m1") })),
  },
  {
    weight: 2,
    arbitrary: event(
      "CustomerMerged",
      fc.record({
        mergeId: fc.constant("m1"),
        absorbedId: customerId,
        gained: fc.array(gained, { maxLength: 4 }),
      }),
    ),
  },
  {
    weight: 2,
    arbitrary: event(
      "CustomerMergedInto",
      fc.record({ mergeId: fc.constant("m1"), survivorId: customerId }),
    ),
  },
  { weight: 1, arbitrary: event("LoyaltyPointsEarned", fc.record({ points: fc.nat(100) })) },
);

const actor: fc.Arbitrary<Actor> = fc.oneof(
  fc.constant<Actor>({ kind: "staff", staffId: "anna" }),
  fc.constant<Actor>({ kind: "system", reason: "import" }),
  customerId.map<Actor>((id) => ({ kind: "customer", customerId: id })),
);

export interface HistoryStep {
  /** A customer id, or a whole stream name for streams projections must skip. */
  stream: { customerId: string } | { streamName: string };
  type: string;
  data: object;
  actor: Actor;
}

/** Mostly customer events; now and then a snapshot, a merge process or an outbox stream. */
export const historySteps: fc.Arbitrary<HistoryStep[]> = fc.array(
  fc.oneof(
    {
      weight: 12,
      arbitrary: fc
        .record({ customerId, event: customerEvent, actor })
        .map(({ customerId, event, actor }) => ({ stream: { customerId }, ...event, actor })),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({
          streamName: fc.constantFrom(
            "clientele-customer-cus_1-snapshot",
            "clientele-merge-m1",
            "clientele-merges",
            "clientele-erasure-cus_2",
            "email-outbox",
          ),
          actor,
        })
        .map(({ streamName, actor }) => ({
          stream: { streamName },
          type: "Snapshot",
          data: { state: { firstName: "Ada" } },
          actor,
        })),
    },
  ),
  { maxLength: 60 },
);
