import { describe, expect, it } from "vitest";
import { addressAdded, created, customerId, storedAddress, street } from "../spec/fixtures.js";
import { given } from "../spec/givenWhenThen.js";

const manyAddresses = (n: number) =>
  Array.from({ length: n }, (_, i) => storedAddress(`a${i}`, { address1: `${i} Harbor Ave` }));

describe("addresses", () => {
  it("adds an address with a fresh id; the first one becomes the default", () => {
    const state = given(created())
      .when({ type: "AddAddress", customerId, address: street })
      .then([{ type: "AddressAdded", data: { address: { ...street, addressId: "id-1" } } }]);
    expect(state.defaultAddressId).toBe("id-1");
  });

  it("adds a second address as default when asked", () => {
    const address = { ...street, address1: "2 Market St" };
    given(created(), addressAdded("a1"))
      .when({ type: "AddAddress", customerId, address, setAsDefault: true })
      .then([
        { type: "AddressAdded", data: { address: { ...address, addressId: "id-1" } } },
        { type: "DefaultAddressSet", data: { addressId: "id-1" } },
      ]);
  });

  it("adding an address the profile already holds records nothing", () => {
    given(created(), addressAdded("a1"))
      .when({ type: "AddAddress", customerId, address: street })
      .then([]);
  });

  it("allows 250 addresses and refuses the 251st with ADDRESS_LIMIT_EXCEEDED", () => {
    given(created({ addresses: manyAddresses(249), defaultAddressId: "a0" }))
      .when({ type: "AddAddress", customerId, address: street })
      .then([{ type: "AddressAdded", data: { address: { ...street, addressId: "id-1" } } }]);
    given(created({ addresses: manyAddresses(250), defaultAddressId: "a0" }))
      .when({ type: "AddAddress", customerId, address: street })
      .thenThrows("ADDRESS_LIMIT_EXCEEDED", { limit: 250, resulting: 251 });
  });

  it("refuses more than 250 addresses on create", () => {
    given()
      .when({
        type: "CreateCustomer",
        customerId,
        source: "import",
        email: "a@b.co",
        addresses: Array.from({ length: 251 }, (_, i) => ({ ...street, address1: `${i} St` })),
      })
      .thenThrows("ADDRESS_LIMIT_EXCEEDED");
  });

  it("updates the given fields and records the whole address", () => {
    given(created(), addressAdded("a1"))
      .when({ type: "UpdateAddress", customerId, addressId: "a1", address: { zip: "94107" } })
      .then([{ type: "AddressUpdated", data: { address: storedAddress("a1", { zip: "94107" }) } }]);
  });

  it("an update that changes nothing records nothing", () => {
    given(created(), addressAdded("a1"))
      .when({ type: "UpdateAddress", customerId, addressId: "a1", address: { zip: street.zip } })
      .then([]);
  });

  it("removing the default address makes the next one the default", () => {
    const state = given(created(), addressAdded("a1"), addressAdded("a2", { address1: "2 St" }))
      .when({ type: "RemoveAddress", customerId, addressId: "a1" })
      .then([{ type: "AddressRemoved", data: { addressId: "a1" } }]);
    expect(state.defaultAddressId).toBe("a2");
  });

  it("removing the last address leaves no default", () => {
    const state = given(created(), addressAdded("a1"))
      .when({ type: "RemoveAddress", customerId, addressId: "a1" })
      .then([{ type: "AddressRemoved", data: { addressId: "a1" } }]);
    expect(state.defaultAddressId).toBeNull();
  });

  it("sets the default; setting the current default records nothing", () => {
    given(created(), addressAdded("a1"), addressAdded("a2", { address1: "2 St" }))
      .when({ type: "SetDefaultAddress", customerId, addressId: "a2" })
      .then([{ type: "DefaultAddressSet", data: { addressId: "a2" } }]);
    given(created(), addressAdded("a1"))
      .when({ type: "SetDefaultAddress", customerId, addressId: "a1" })
      .then([]);
  });

  it.each([
    { type: "UpdateAddress", customerId, addressId: "nope", address: { zip: "1" } },
    { type: "RemoveAddress", customerId, addressId: "nope" },
    { type: "SetDefaultAddress", customerId, addressId: "nope" },
  ] as const)("$type on an unknown address fails with ADDRESS_NOT_FOUND", (command) => {
    given(created(), addressAdded("a1"))
      .when(command)
      .thenThrows("ADDRESS_NOT_FOUND", { addressId: "nope" });
  });
});
