import { describe, expect, it } from "vitest";
import type { AddressInput } from "../address.js";
import { created, customerId } from "../spec/fixtures.js";
import { given } from "../spec/givenWhenThen.js";
import { isMilitaryAddress, militaryAddressViolations } from "./militaryAddress.js";

const apo: AddressInput = {
  firstName: "Jane",
  lastName: "Doe",
  address1: "PSC 1234, Box 5678",
  city: "APO",
  provinceCode: "AE",
  countryCode: "US",
  zip: "09012",
};
const fpo: AddressInput = {
  address1: "UNIT 100100 BOX 4120",
  city: "FPO",
  provinceCode: "AP",
  countryCode: "US",
  zip: "96691",
};
const dpo: AddressInput = {
  address1: "Unit 8400 Box 0001",
  city: "DPO",
  provinceCode: "AA",
  countryCode: "US",
  zip: "34032",
};

const rulesBroken = (address: AddressInput) =>
  militaryAddressViolations(address).map((v) => v.rule);

describe("US military addresses", () => {
  it.each([
    ["APO with PSC and BOX", apo],
    ["FPO with UNIT and BOX", fpo],
    ["DPO with UNIT and BOX", dpo],
    ["APO with CMR and BOX", { ...apo, address1: "CMR 450 BOX 1" }],
    ["FPO with CMR and BOX", { ...fpo, address1: "CMR 402", address2: "BOX 12" }],
    ["APO AE at the top of its ZIP range", { ...apo, zip: "09898" }],
    ["APO AP at both ends of its ZIP range", { ...apo, provinceCode: "AP", zip: "96201" }],
    ["APO AP at 966", { ...apo, provinceCode: "AP", zip: "96601" }],
    ["APO AA", { ...apo, provinceCode: "AA", zip: "34001" }],
  ])("accepts %s", (_, address) => {
    expect(militaryAddressViolations(address)).toEqual([]);
    given(created())
      .when({ type: "AddAddress", customerId, address })
      .then([{ type: "AddressAdded", data: { address: { ...address, addressId: "id-1" } } }]);
  });

  it("leaves an Italian address in the province AP (Ascoli Piceno) alone", () => {
    const ascoli = {
      address1: "Via Roma 1",
      city: "Ascoli Piceno",
      provinceCode: "AP",
      countryCode: "IT",
      zip: "63100",
    };
    expect(isMilitaryAddress(ascoli)).toBe(false);
    expect(militaryAddressViolations(ascoli)).toEqual([]);
  });

  it("a US address in a military state is military even with a civilian city", () => {
    expect(
      isMilitaryAddress({
        address1: "1 Main St",
        city: "Miami",
        provinceCode: "AA",
        countryCode: "US",
      }),
    ).toBe(true);
  });

  it("leaves ordinary addresses alone", () => {
    const civil = { address1: "1 Main St", city: "Boston", provinceCode: "MA", countryCode: "US" };
    expect(isMilitaryAddress(civil)).toBe(false);
    expect(militaryAddressViolations(civil)).toEqual([]);
  });

  it("CITY: a city name beside APO is refused", () => {
    given(created())
      .when({ type: "AddAddress", customerId, address: { ...apo, city: "APO New York" } })
      .thenThrows("ADDRESS_INVALID", { rule: "CITY", field: "city" });
  });

  it("CITY: a military state with a civilian city is refused", () => {
    expect(rulesBroken({ ...apo, city: "Ramstein" })).toContain("CITY");
  });

  it("STATE: APO must use AA, AE or AP", () => {
    given(created())
      .when({ type: "AddAddress", customerId, address: { ...apo, provinceCode: "NY" } })
      .thenThrows("ADDRESS_INVALID", { rule: "STATE", field: "provinceCode" });
  });

  it("COUNTRY: a military address is in the US", () => {
    given(created())
      .when({ type: "AddAddress", customerId, address: { ...apo, countryCode: "DE" } })
      .thenThrows("ADDRESS_INVALID", { rule: "COUNTRY", field: "countryCode" });
  });

  it.each([
    ["AA", "09012"],
    ["AE", "34012"],
    ["AE", "09912"],
    ["AE", "08912"],
    ["AP", "96112"],
    ["AP", "96712"],
    ["AP", ""],
  ])("ZIP: %s with ZIP %s is refused", (provinceCode, zip) => {
    given(created())
      .when({ type: "AddAddress", customerId, address: { ...apo, provinceCode, zip } })
      .thenThrows("ADDRESS_INVALID", { rule: "ZIP", field: "zip" });
  });

  it("ADDRESS_LINE: APO needs PSC + number", () => {
    given(created())
      .when({ type: "AddAddress", customerId, address: { ...apo, address1: "BOX 5678" } })
      .thenThrows("ADDRESS_INVALID", { rule: "ADDRESS_LINE", field: "address1" });
  });

  it("ADDRESS_LINE: APO needs BOX + number", () => {
    expect(rulesBroken({ ...apo, address1: "PSC 1234" })).toEqual(["ADDRESS_LINE"]);
  });

  it("ADDRESS_LINE: APO does not take UNIT, FPO and DPO do not take PSC", () => {
    expect(rulesBroken({ ...apo, address1: "UNIT 1234 BOX 1" })).toEqual(["ADDRESS_LINE"]);
    expect(rulesBroken({ ...fpo, address1: "PSC 1234 BOX 1" })).toEqual(["ADDRESS_LINE"]);
    expect(rulesBroken({ ...dpo, address1: "PSC 1234 BOX 1" })).toEqual(["ADDRESS_LINE"]);
  });

  it("ADDRESS_LINE: a number is required after UNIT and BOX", () => {
    expect(rulesBroken({ ...fpo, address1: "UNIT BOX" })).toEqual(["ADDRESS_LINE"]);
  });

  it("lists every broken rule at once", () => {
    const error = given(created())
      .when({
        type: "AddAddress",
        customerId,
        address: { address1: "somewhere", city: "APO", provinceCode: "ZZ", countryCode: "CA" },
      })
      .thenThrows("ADDRESS_INVALID", { rule: "STATE" });
    expect((error.details.violations as { rule: string }[]).map((v) => v.rule)).toEqual([
      "STATE",
      "COUNTRY",
      "ADDRESS_LINE",
    ]);
  });

  it("applies to updates: moving an APO address to a wrong ZIP is refused", () => {
    given(created({ addresses: [{ ...apo, addressId: "a1" }], defaultAddressId: "a1" }))
      .when({ type: "UpdateAddress", customerId, addressId: "a1", address: { zip: "10001" } })
      .thenThrows("ADDRESS_INVALID", { rule: "ZIP" });
  });

  it("applies to addresses given when creating a customer", () => {
    given()
      .when({
        type: "CreateCustomer",
        customerId,
        source: "manual",
        email: "a@b.co",
        addresses: [{ ...dpo, countryCode: "GB" }],
      })
      .thenThrows("ADDRESS_INVALID", { rule: "COUNTRY" });
  });
});
