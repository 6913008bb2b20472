import { describe, expect, it } from "vitest";
import { customerStreamName } from "../customer/streams.js";
import { isClienteleError } from "../errors.js";
import { getInMemoryEventStore } from "../eventStore/inMemoryEventStore.js";
import { staffPrincipal } from "../handling/authorize.js";
import { isCryptoShredding, withCryptoShredding } from "../privacy/cryptoShredding.js";
import { getInMemoryKeyStore } from "../privacy/inMemoryKeyStore.js";
import { createCustomers } from "./customerService.js";

const anna = staffPrincipal("anna", ["customers:view", "customers:edit", "customers:delete"]);
const secret = "privacy-defaults-spec-secret";

describe("createCustomers privacy defaults", () => {
  it("shreds by default when embedded: the store beneath never sees the email", async () => {
    const customers = createCustomers();
    expect(isCryptoShredding(customers.store)).toBe(true);
    const inner = getInMemoryEventStore();
    const keyStore = getInMemoryKeyStore();
    const mine = createCustomers({ store: inner, keyStore, uniquenessSecret: secret });
    await mine.execute(
      { type: "CreateCustomer", customerId: "cus_1", source: "manual", email: "z@example.com" },
      anna,
    );
    const [created] = await inner.readStream(customerStreamName("cus_1"));
    expect(JSON.stringify(created?.data)).not.toContain("z@example.com");
    expect((await mine.load("cus_1", anna)).state.email).toBe("z@example.com");
  });

  it("stores as given when told keyStore: false", () => {
    const customers = createCustomers({ keyStore: false });
    expect(isCryptoShredding(customers.store)).toBe(false);
  });

  it("refuses to encrypt twice", () => {
    const keyStore = getInMemoryKeyStore();
    const store = withCryptoShredding(getInMemoryEventStore(), { keyStore });
    let caught: unknown;
    try {
      createCustomers({ store, keyStore, uniquenessSecret: secret });
    } catch (error) {
      caught = error;
    }
    expect(isClienteleError(caught, "VALIDATION_FAILED")).toBe(true);
    expect(createCustomers({ store, keyStore: false, uniquenessSecret: secret }).store).toBe(store);
  });

  it("frees the deleted profile's email although its key is gone", async () => {
    const customers = createCustomers();
    await customers.execute(
      { type: "CreateCustomer", customerId: "cus_2", source: "manual", email: "w@example.com" },
      anna,
    );
    await customers.execute({ type: "DeleteCustomer", customerId: "cus_2" }, anna);
    expect(await customers.ownerOf("email", "w@example.com", anna)).toBeUndefined();
    expect((await customers.load("cus_2", anna)).state).toMatchObject({
      email: null,
      status: "deleted",
    });
  });
});
