import { describe, expect, it } from "vitest";
import { getInMemoryReadModelStore } from "../readModel/inMemoryReadModelStore.js";
import {
  customerCreated as created,
  customerHistory,
  project,
} from "../testing/customerHistory.js";
import { directory } from "./directory.js";
import {
  findCustomerByEmail,
  findCustomerByPhone,
  listCustomers,
  readCustomer,
} from "./readDirectory.js";

const consent = { state: "NOT_SUBSCRIBED", optInLevel: "UNKNOWN", consentUpdatedAt: null };
const address = (addressId: string, city: string, countryCode = "US") => ({
  addressId,
  address1: "1 Main St",
  city,
  countryCode,
});
const order = (orderId: string, total: string, currency = "USD") => ({
  orderId,
  placedAt: "2026-01-02T09:00:00.000Z",
  total,
  currency,
  lineItems: [],
});

/** Given these events, when the directory is projected, then its readers answer... */
const given = async (history: ReturnType<typeof customerHistory>) => {
  const readModel = getInMemoryReadModelStore();
  await project(readModel, directory, history.events, 4);
  return readModel;
};

describe("directory", () => {
  it("summarises a profile: contact, default address, tags, orders, amount spent, consent, revision", async () => {
    const readModel = await given(
      customerHistory()
        .add("cus_1", "CustomerCreated", created("cus_1", { phone: "+14155550123" }))
        .add("cus_1", "AddressAdded", { address: address("a1", "Paris", "FR") })
        .add("cus_1", "AddressAdded", { address: address("a2", "Lyon", "FR") })
        .add("cus_1", "DefaultAddressSet", { addressId: "a2" })
        .add("cus_1", "CustomerTagged", { tags: ["gold"] })
        .add("cus_1", "OrderRecorded", order("o1", "10.99"))
        .add("cus_1", "OrderRecorded", order("o2", "3.01"))
        .add("cus_1", "OrderRecorded", order("o1", "10.99"))
        .add("cus_1", "OrderRecorded", order("o3", "5", "EUR"))
        .add("cus_1", "EmailMarketingConsentUpdated", { ...consent, state: "SUBSCRIBED" }),
    );
    expect(await readCustomer(readModel, "cus_1")).toEqual({
      id: "cus_1",
      status: "active",
      survivorId: null,
      mergeInProgress: null,
      name: "Ada Lovelace",
      firstName: "Ada",
      lastName: "Lovelace",
      email: "cus_1@example.com",
      phone: "+14155550123",
      locale: "en",
      city: "Lyon",
      countryCode: "FR",
      tags: ["gold", "vip"],
      accountState: "DISABLED",
      orders: 3,
      amountSpent: [
        { amount: "5.00", currency: "EUR" },
        { amount: "14.00", currency: "USD" },
      ],
      emailMarketingConsent: "SUBSCRIBED",
      smsMarketingConsent: "NOT_SUBSCRIBED",
      revision: 9,
      updatedAt: "2026-01-01T00:10:00.000Z",
    });
    expect(await readCustomer(readModel, "cus_unknown")).toBeUndefined();
  });

  it("falls back to the first remaining address when the default one is removed", async () => {
    const readModel = await given(
      customerHistory()
        .add(
          "cus_1",
          "CustomerCreated",
          created("cus_1", {
            addresses: [address("a9", "Oslo", "NO"), address("a1", "Bergen", "NO")],
            defaultAddressId: "a1",
          }),
        )
        .add("cus_1", "AddressRemoved", { addressId: "a1" }),
    );
    expect(await readCustomer(readModel, "cus_1")).toMatchObject({
      city: "Oslo",
      countryCode: "NO",
    });
  });

  it("finds a profile by email in any case and by phone typed with spaces", async () => {
    const readModel = await given(
      customerHistory()
        .add(
          "cus_1",
          "CustomerCreated",
          created("cus_1", { email: "ada@example.com", phone: "+14155550123" }),
        )
        .add("cus_2", "CustomerCreated", created("cus_2")),
    );
    expect((await findCustomerByEmail(readModel, " ADA@Example.com"))?.id).toBe("cus_1");
    expect((await findCustomerByPhone(readModel, "+1 415 555-0123"))?.id).toBe("cus_1");
    expect(await findCustomerByEmail(readModel, "nobody@example.com")).toBeUndefined();
  });

  it("moves lookups when contact details change, and clears consent with the address it was for", async () => {
    const readModel = await given(
      customerHistory()
        .add(
          "cus_1",
          "CustomerCreated",
          created("cus_1", { email: "old@example.com", phone: "+14155550123" }),
        )
        .add("cus_1", "EmailMarketingConsentUpdated", { ...consent, state: "SUBSCRIBED" })
        .add("cus_1", "CustomerUpdated", { email: "new@example.com", phone: null })
        .add("cus_1", "CustomerUpdated", { email: null }),
    );
    expect(await findCustomerByEmail(readModel, "old@example.com")).toBeUndefined();
    expect(await findCustomerByEmail(readModel, "new@example.com")).toBeUndefined();
    expect(await findCustomerByPhone(readModel, "+14155550123")).toBeUndefined();
    expect(await readCustomer(readModel, "cus_1")).toMatchObject({
      email: null,
      phone: null,
      emailMarketingConsent: "NOT_SUBSCRIBED",
    });
  });

  it("lists profiles most recently updated first, a page at a time", async () => {
    const history = customerHistory();
    for (const id of ["cus_1", "cus_2", "cus_3", "cus_4"])
      history.add(id, "CustomerCreated", created(id));
    history.add("cus_2", "CustomerTagged", { tags: ["late"] });
    const readModel = await given(history);
    const first = await listCustomers(readModel, { limit: 3 });
    expect(first.customers.map((customer) => customer.id)).toEqual(["cus_2", "cus_4", "cus_3"]);
    const rest = await listCustomers(readModel, { limit: 3, before: first.nextCursor as string });
    expect(rest.customers.map((customer) => customer.id)).toEqual(["cus_1"]);
    expect(rest.nextCursor).toBeUndefined();
  });

  it("gives the survivor what the merge gained and marks the absorbed profile merged, findable by nothing", async () => {
    const readModel = await given(
      customerHistory()
        .add("cus_a", "CustomerCreated", created("cus_a", { email: "a@example.com" }))
        .add(
          "cus_b",
          "CustomerCreated",
          created("cus_b", { email: "b@example.com", phone: "+447700900123" }),
        )
        .add("cus_b", "OrderRecorded", order("o1", "2.50"))
        .add("cus_a", "CustomerMergeStarted", {
          mergeId: "m1",
          survivorId: "cus_a",
          absorbedId: "cus_b",
        })
        .add("cus_b", "CustomerMergeStarted", {
          mergeId: "m1",
          survivorId: "cus_a",
          absorbedId: "cus_b",
        })
        .add("cus_a", "CustomerMerged", {
          mergeId: "m1",
          absorbedId: "cus_b",
          gained: [
            { type: "CustomerUpdated", data: { phone: "+447700900123" } },
            { type: "CustomerTagged", data: { tags: ["from-b"] } },
            { type: "OrderRecorded", data: order("o1", "2.50") },
          ],
        })
        .add("cus_b", "CustomerMergedInto", { mergeId: "m1", survivorId: "cus_a" }),
    );
    expect(await readCustomer(readModel, "cus_a")).toMatchObject({
      status: "active",
      mergeInProgress: null,
      phone: "+447700900123",
      tags: ["from-b", "vip"],
      orders: 1,
      amountSpent: [{ amount: "2.50", currency: "USD" }],
    });
    expect(await readCustomer(readModel, "cus_b")).toMatchObject({
      status: "merged",
      survivorId: "cus_a",
    });
    expect(await findCustomerByEmail(readModel, "b@example.com")).toBeUndefined();
    expect((await findCustomerByPhone(readModel, "+447700900123"))?.id).toBe("cus_a");
  });

  it("wipes names, contact details, addresses and lookups on redaction and deletion; keeps tags and orders", async () => {
    const readModel = await given(
      customerHistory()
        .add(
          "cus_1",
          "CustomerCreated",
          created("cus_1", {
            phone: "+14155550123",
            addresses: [address("a1", "Paris", "FR")],
            defaultAddressId: "a1",
          }),
        )
        .add("cus_1", "OrderRecorded", order("o1", "1.00"))
        .add("cus_1", "CustomerRedacted", {})
        .add("cus_2", "CustomerCreated", created("cus_2"))
        .add("cus_2", "CustomerDeleted", {}),
    );
    expect(await readCustomer(readModel, "cus_1")).toMatchObject({
      status: "redacted",
      name: null,
      firstName: null,
      lastName: null,
      email: null,
      phone: null,
      locale: null,
      city: null,
      countryCode: null,
      tags: ["vip"],
      orders: 1,
      emailMarketingConsent: "REDACTED",
      smsMarketingConsent: "REDACTED",
    });
    expect(await readCustomer(readModel, "cus_2")).toMatchObject({
      status: "deleted",
      email: null,
    });
    expect(await findCustomerByEmail(readModel, "cus_1@example.com")).toBeUndefined();
    expect(await findCustomerByPhone(readModel, "+14155550123")).toBeUndefined();
    const stored = JSON.stringify(await readModel.snapshot("directory", directory.version));
    for (const personal of [
      "Ada",
      "Lovelace",
      "cus_1@example",
      "cus_2@example",
      "4155550123",
      "Paris",
    ])
      expect(stored).not.toContain(personal);
  });

  it("counts events of types it does not know in the revision and changes nothing else", async () => {
    const readModel = await given(
      customerHistory()
        .add("cus_1", "CustomerCreated", created("cus_1"))
        .add("cus_1", "LoyaltyPointsEarned", { points: 3 })
        .addToStream("clientele-customer-cus_1-snapshot", "Snapshot", { state: {} }),
    );
    expect(await readCustomer(readModel, "cus_1")).toMatchObject({
      revision: 1,
      name: "Ada Lovelace",
    });
    expect(await readCustomer(readModel, "cus_1-snapshot")).toBeUndefined();
  });
});
