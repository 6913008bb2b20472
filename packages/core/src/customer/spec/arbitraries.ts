import fc from "fast-check";
import type { AddressInput } from "../address.js";
import type { CustomerCommandInput } from "../commands/index.js";
import type { CustomerEvent } from "../events/index.js";
import {
  accountStates,
  customerSources,
  optInLevels,
  settableConsentStates,
} from "../vocabulary.js";
import { customerId, redactionRequested } from "./fixtures.js";

/*
 * Generators for property specs. Values come from small pools on purpose: collisions (the same
 * tag in two cases, the same address twice, an id that exists) are where the rules live.
 */

const tag = fc.oneof(
  fc.constantFrom("vip", "VIP", "Vip", "gold", "GOLD", "b2b", "wholesale", " spaced ", ""),
  fc.integer({ min: 0, max: 30 }).map((n) => `t${n}`),
  fc.constant("L".repeat(256)),
);

/** A list, or one comma-separated string; big batches so the 250 limit is reached. */
const tags = fc.oneof(
  fc.array(tag, { maxLength: 8 }),
  fc.array(tag, { maxLength: 8 }).map((list) => list.join(",")),
  fc
    .array(fc.integer({ min: 0, max: 400 }), { minLength: 50, maxLength: 130 })
    .map((ns) => ns.map((n) => `t${n}`)),
);

const note = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer({ min: 4990, max: 5010 }).map((n) => "n".repeat(n)),
);

const civilAddress: fc.Arbitrary<AddressInput> = fc
  .record({ number: fc.integer({ min: 1, max: 400 }), zip: fc.constantFrom("94105", "10001") })
  .map(({ number, zip }) => ({
    address1: `${number} Market St`,
    city: "San Francisco",
    provinceCode: "CA",
    countryCode: "US",
    zip,
  }));

const militaryAddress: fc.Arbitrary<AddressInput> = fc.constantFrom(
  {
    address1: "PSC 1234 BOX 5678",
    city: "APO",
    provinceCode: "AE",
    countryCode: "US",
    zip: "09012",
  },
  { address1: "UNIT 100 BOX 4", city: "FPO", provinceCode: "AP", countryCode: "US", zip: "96601" },
  { address1: "BOX 4", city: "DPO", provinceCode: "AA", countryCode: "US", zip: "34001" },
  { address1: "PSC 1 BOX 2", city: "APO Berlin", provinceCode: "AE", countryCode: "DE", zip: "1" },
);

const address = fc.oneof(
  { weight: 4, arbitrary: civilAddress },
  { weight: 1, arbitrary: militaryAddress },
);

/** Ids the decider mints (`id-n`) plus the seeded ones (`a0`...), so some exist and some do not. */
const addressId = fc.oneof(
  fc.integer({ min: 1, max: 30 }).map((n) => `id-${n}`),
  fc.integer({ min: 0, max: 260 }).map((n) => `a${n}`),
);

const consent = fc.record({
  state: fc.constantFrom(...settableConsentStates),
  optInLevel: fc.constantFrom(...optInLevels),
});

const contact = fc.record(
  {
    email: fc.constantFrom("ada@example.com", "Other@Example.com"),
    phone: fc.constantFrom("+14155550123", "+447700900123"),
    firstName: fc.constantFrom("Ada", "Bo", ""),
    lastName: fc.constantFrom("Lovelace", "King"),
  },
  { requiredKeys: [] },
);

const base = { customerId };
const smallId = (prefix: string) => fc.integer({ min: 1, max: 5 }).map((n) => `${prefix}${n}`);

/** Commands that parse; the decider may still refuse them. */
export const commandInput: fc.Arbitrary<CustomerCommandInput> = fc.oneof(
  fc
    .record({ source: fc.constantFrom(...customerSources), contact, tags, note })
    .map(({ source, contact, tags, note }) => ({
      type: "CreateCustomer" as const,
      ...base,
      source,
      email: "new@example.com",
      ...contact,
      tags,
      note,
    })),
  fc
    .record(
      {
        firstName: fc.constantFrom("Ada", "Eve", null),
        lastName: fc.constantFrom("King", null),
        email: fc.constantFrom("ada@example.com", "EVE@example.com", null),
        phone: fc.constantFrom("+14155550123", null),
        locale: fc.constantFrom("en", "pt-BR", null),
        taxExempt: fc.boolean(),
        taxExemptions: fc.constantFrom<string[][]>([], ["CA_STATUS_CARD_EXEMPTION"]),
      },
      { requiredKeys: [] },
    )
    .map((fields) => ({ type: "UpdateCustomer" as const, ...base, ...fields })),
  tags.map((tags) => ({ type: "AddTags" as const, ...base, tags })),
  tags.map((tags) => ({ type: "RemoveTags" as const, ...base, tags })),
  tags.map((tags) => ({ type: "ReplaceTags" as const, ...base, tags })),
  note.map((note) => ({ type: "SetNote" as const, ...base, note })),
  fc
    .record({ address, setAsDefault: fc.boolean() })
    .map((fields) => ({ type: "AddAddress" as const, ...base, ...fields })),
  fc.record({ addressId, address: civilAddress }).map(({ addressId, address }) => ({
    type: "UpdateAddress" as const,
    ...base,
    addressId,
    address: { zip: address.zip },
  })),
  addressId.map((addressId) => ({ type: "RemoveAddress" as const, ...base, addressId })),
  addressId.map((addressId) => ({ type: "SetDefaultAddress" as const, ...base, addressId })),
  consent.map((c) => ({ type: "UpdateEmailMarketingConsent" as const, ...base, ...c })),
  consent.map((c) => ({ type: "UpdateSmsMarketingConsent" as const, ...base, ...c })),
  fc.record({ orderId: smallId("o"), contact }).map(({ orderId, contact }) => ({
    type: "RecordOrder" as const,
    ...base,
    orderId,
    placedAt: "2026-01-02T09:00:00.000Z",
    total: "10.99",
    currency: "USD",
    lineItems: [{ productId: "1", quantity: 1 }],
    ...contact,
  })),
  fc.record({ checkoutId: smallId("ck"), contact }).map(({ checkoutId, contact }) => ({
    type: "RecordAbandonedCheckout" as const,
    ...base,
    checkoutId,
    abandonedAt: "2026-01-02T09:00:00.000Z",
    ...contact,
  })),
  smallId("c").map((contractId) => ({ type: "StartSubscription" as const, ...base, contractId })),
  smallId("c").map((contractId) => ({ type: "EndSubscription" as const, ...base, contractId })),
  fc
    .record({ paymentMethodId: smallId("pm"), hasSubscriptionCredential: fc.boolean() })
    .map((f) => ({
      type: "StorePaymentMethod" as const,
      ...base,
      ...f,
      brand: "visa",
      last4: "4242",
    })),
  smallId("g").map((giftCardId) => ({ type: "ScheduleGiftCard" as const, ...base, giftCardId })),
  smallId("g").map((giftCardId) => ({ type: "DeliverGiftCard" as const, ...base, giftCardId })),
  smallId("sc").map((storeCreditAccountId) => ({
    type: "OpenStoreCreditAccount" as const,
    ...base,
    storeCreditAccountId,
  })),
  smallId("co").map((companyId) => ({ type: "LinkCompanyContact" as const, ...base, companyId })),
  smallId("mp").map((multipassIdentifier) => ({
    type: "SetMultipassIdentifier" as const,
    ...base,
    multipassIdentifier,
  })),
  fc
    .constantFrom(...accountStates)
    .map((accountState) => ({ type: "ChangeAccountState" as const, ...base, accountState })),
  fc.constant({ type: "DeleteCustomer" as const, ...base }),
  fc
    .record({ emailId: fc.option(smallId("e"), { nil: undefined }), toStaff: fc.boolean() })
    .map(({ emailId, toStaff }) => ({
      type: "SendEmail" as const,
      ...base,
      ...(emailId === undefined ? {} : { emailId }),
      recipient: toStaff ? { kind: "staff" as const, email: "anna@shop.example" } : undefined,
      from: "shop@example.com",
      subject: "Your order",
      body: "It shipped.",
    })),
  fc.record({ emailId: smallId("e"), toStaff: fc.boolean() }).map(({ emailId, toStaff }) => ({
    type: "ResendEmail" as const,
    ...base,
    emailId,
    recipient: toStaff ? { kind: "staff" as const, email: "anna@shop.example" } : undefined,
  })),
  smallId("e").map((emailId) => ({ type: "RecordEmailDelivered" as const, ...base, emailId })),
  smallId("e").map((emailId) => ({
    type: "RecordEmailDeliveryFailed" as const,
    ...base,
    emailId,
    reason: "550 mailbox unavailable",
  })),
  smallId("pm").map((paymentMethodId) => ({
    type: "SendPaymentMethodUpdateEmail" as const,
    ...base,
    paymentMethodId,
    updateUrl: "https://pay.example.com/u/1",
    from: "shop@example.com",
  })),
  fc.record({ paymentMethodId: smallId("pm"), newId: smallId("pm") }).map((f) => ({
    type: "ReplacePaymentMethod" as const,
    ...base,
    paymentMethodId: f.paymentMethodId,
    replacement: {
      paymentMethodId: f.newId,
      brand: "mastercard",
      last4: "5454",
      hasSubscriptionCredential: true,
    },
  })),
  smallId("pm").map((paymentMethodId) => ({
    type: "RemovePaymentMethod" as const,
    ...base,
    paymentMethodId,
  })),
  fc.constant({ type: "RequestDataErasure" as const, ...base }),
  fc.constant({ type: "CancelDataErasure" as const, ...base }),
  fc.constant({ type: "RedactCustomer" as const, ...base }),
  fc.option(fc.constantFrom("r1", "r2"), { nil: undefined }).map((requestId) => ({
    type: "StartDataRequest" as const,
    ...base,
    ...(requestId ? { requestId } : {}),
  })),
  fc
    .constantFrom("r1", "r2", "id-1")
    .map((requestId) => ({ type: "CompleteDataRequest" as const, ...base, requestId })),
);

/** Events written by processes rather than a single command: redaction, merges. */
export const externalEvent: fc.Arbitrary<CustomerEvent> = fc.constantFrom<CustomerEvent>(
  redactionRequested,
  { type: "RedactionCancelled", data: { cancelledBy: { kind: "staff", staffId: "anna" } } },
  { type: "CustomerRedacted", data: {} },
  { type: "CustomerMergedInto", data: { survivorId: "cus_survivor", mergeId: "m1" } },
  {
    type: "CustomerMergeStarted",
    data: { mergeId: "m1", survivorId: customerId, absorbedId: "cus_absorbed" },
  },
  { type: "CustomerMergeAbandoned", data: { mergeId: "m1" } },
  {
    type: "CustomerMerged",
    data: {
      mergeId: "m1",
      absorbedId: "cus_absorbed",
      gained: [
        { type: "CustomerTagged", data: { tags: ["merged"] } },
        {
          type: "OrderRecorded",
          data: {
            orderId: "o-merged",
            placedAt: "2026-01-01T00:00:00.000Z",
            total: "3.00",
            currency: "EUR",
            lineItems: [],
          },
        },
      ],
    },
  },
);

export type Step = { command: CustomerCommandInput } | { event: CustomerEvent };

/** Mostly commands; now and then an erasure or merge event lands from elsewhere. */
export const steps: fc.Arbitrary<Step[]> = fc.array(
  fc.oneof(
    { weight: 20, arbitrary: commandInput.map((command) => ({ command })) },
    { weight: 1, arbitrary: externalEvent.map((event) => ({ event })) },
  ),
  { maxLength: 30 },
);
