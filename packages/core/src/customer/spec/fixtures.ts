import type { CustomerAddress } from "../address.js";
import type { CustomerEvent, EventOf } from "../events/index.js";
import { notSubscribed } from "../state.js";

export const customerId = "cus_01JD3Z8Q6W4V5N2K7X9R0T1Y2B";

/** A plain active profile with an email and phone; override what a spec cares about. */
export const created = (
  overrides: Partial<EventOf<"CustomerCreated">["data"]> = {},
): EventOf<"CustomerCreated"> => ({
  type: "CustomerCreated",
  data: {
    customerId,
    source: "manual",
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@example.com",
    phone: "+14155550123",
    locale: null,
    taxExempt: false,
    taxExemptions: [],
    tags: [],
    note: "",
    addresses: [],
    defaultAddressId: null,
    accountState: "DISABLED",
    emailMarketingConsent: notSubscribed,
    smsMarketingConsent: notSubscribed,
    ...overrides,
  },
});

export const tagged = (...tags: string[]): CustomerEvent => ({
  type: "CustomerTagged",
  data: { tags },
});

export const untagged = (...tags: string[]): CustomerEvent => ({
  type: "CustomerUntagged",
  data: { tags },
});

/** `n` distinct tags `t1`..`tn`. */
export const manyTags = (n: number, prefix = "t"): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

export const street = {
  address1: "1 Market St",
  city: "San Francisco",
  provinceCode: "CA",
  countryCode: "US",
  zip: "94105",
} as const;

export const storedAddress = (
  addressId: string,
  fields: Partial<CustomerAddress> = {},
): CustomerAddress => ({
  ...street,
  addressId,
  ...fields,
});

export const addressAdded = (
  addressId: string,
  fields: Partial<CustomerAddress> = {},
): CustomerEvent => ({
  type: "AddressAdded",
  data: { address: storedAddress(addressId, fields) },
});

export const redactionRequested: CustomerEvent = {
  type: "RedactionRequested",
  data: {
    requestedBy: { kind: "staff", staffId: "anna" },
    requestedAt: "2026-01-01T00:00:00.000Z",
    dueAt: "2026-01-11T00:00:00.000Z",
  },
};

export const order = (orderId = "1001"): CustomerEvent => ({
  type: "OrderRecorded",
  data: {
    orderId,
    placedAt: "2026-01-02T09:00:00.000Z",
    total: "10.99",
    currency: "USD",
    lineItems: [{ productId: "123", quantity: 1 }],
  },
});
