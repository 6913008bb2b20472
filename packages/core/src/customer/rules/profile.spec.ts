import { describe, expect, it } from "vitest";
import { created, customerId, street } from "../spec/fixtures.js";
import { given, specNow } from "../spec/givenWhenThen.js";

describe("creating a customer", () => {
  it("records the whole initial profile with its source, normalised", () => {
    given()
      .when({
        type: "CreateCustomer",
        customerId,
        source: "sign_up",
        firstName: " Ada ",
        email: " Ada@Example.COM ",
        tags: "VIP, vip, newsletter",
        note: "met at the fair",
        addresses: [street],
        emailMarketingConsent: { state: "SUBSCRIBED", optInLevel: "SINGLE_OPT_IN" },
      })
      .then([
        {
          type: "CustomerCreated",
          data: {
            customerId,
            source: "sign_up",
            firstName: "Ada",
            lastName: null,
            email: "ada@example.com",
            phone: null,
            locale: null,
            taxExempt: false,
            taxExemptions: [],
            tags: ["VIP", "newsletter"],
            note: "met at the fair",
            addresses: [{ ...street, addressId: "id-1" }],
            defaultAddressId: "id-1",
            accountState: "DISABLED",
            emailMarketingConsent: {
              state: "SUBSCRIBED",
              optInLevel: "SINGLE_OPT_IN",
              consentUpdatedAt: specNow.toISOString(),
            },
            smsMarketingConsent: {
              state: "NOT_SUBSCRIBED",
              optInLevel: "UNKNOWN",
              consentUpdatedAt: null,
            },
          },
        },
      ]);
  });

  it.each(["sign_up", "account", "order", "checkout", "manual", "import"] as const)(
    "records source %s",
    (source) => {
      const state = given()
        .when({ type: "CreateCustomer", customerId, source, phone: "+447700900123" })
        .then([expect.objectContaining({ type: "CustomerCreated" })]);
      expect(state).toMatchObject({ status: "active", source, id: customerId });
    },
  );

  it("needs a name, email or phone", () => {
    given()
      .when({ type: "CreateCustomer", customerId, source: "manual", note: "nobody" })
      .thenThrows("VALIDATION_FAILED", { fields: ["email"] });
    given()
      .when({ type: "CreateCustomer", customerId, source: "manual", lastName: "Only" })
      .then([expect.objectContaining({ type: "CustomerCreated" })]);
  });

  it("checks tag and note rules on create", () => {
    given()
      .when({
        type: "CreateCustomer",
        customerId,
        source: "import",
        email: "a@b.co",
        tags: ["t".repeat(256)],
      })
      .thenThrows("TAG_TOO_LONG");
    given()
      .when({
        type: "CreateCustomer",
        customerId,
        source: "import",
        email: "a@b.co",
        tags: Array.from({ length: 251 }, (_, i) => `t${i}`),
      })
      .thenThrows("TAG_LIMIT_EXCEEDED");
    given()
      .when({
        type: "CreateCustomer",
        customerId,
        source: "import",
        email: "a@b.co",
        note: "n".repeat(5001),
      })
      .thenThrows("NOTE_TOO_LONG");
  });
});

describe("updating a customer", () => {
  it("records only the fields that change", () => {
    given(created())
      .when({
        type: "UpdateCustomer",
        customerId,
        firstName: "Ada",
        lastName: "King",
        locale: "en-GB",
        taxExempt: true,
      })
      .then([
        { type: "CustomerUpdated", data: { lastName: "King", locale: "en-GB", taxExempt: true } },
      ]);
  });

  it("the same values again record nothing", () => {
    given(created({ taxExemptions: ["CA_STATUS_CARD_EXEMPTION"] }))
      .when({
        type: "UpdateCustomer",
        customerId,
        firstName: "Ada",
        email: "ADA@example.com",
        phone: "+14155550123",
        taxExempt: false,
        taxExemptions: ["CA_STATUS_CARD_EXEMPTION"],
      })
      .then([]);
  });

  it("null clears a field; clearing the email drops the email consent that belonged to it", () => {
    const state = given(
      created({
        emailMarketingConsent: {
          state: "SUBSCRIBED",
          optInLevel: "SINGLE_OPT_IN",
          consentUpdatedAt: null,
        },
      }),
    )
      .when({ type: "UpdateCustomer", customerId, email: null })
      .then([{ type: "CustomerUpdated", data: { email: null } }]);
    expect(state.emailConsent.state).toBe("NOT_SUBSCRIBED");
  });

  it("refuses to clear the last way to identify the customer", () => {
    given(created({ firstName: null, lastName: null, phone: null }))
      .when({ type: "UpdateCustomer", customerId, email: null })
      .thenThrows("VALIDATION_FAILED", { fields: ["email"] });
  });

  it("changes tax exemptions", () => {
    given(created())
      .when({ type: "UpdateCustomer", customerId, taxExemptions: ["US_CA_RESELLER_EXEMPTION"] })
      .then([{ type: "CustomerUpdated", data: { taxExemptions: ["US_CA_RESELLER_EXEMPTION"] } }]);
  });
});

describe("account state", () => {
  it("records a change and ignores a repeat", () => {
    given(created())
      .when({ type: "ChangeAccountState", customerId, accountState: "INVITED" })
      .then([{ type: "AccountStateChanged", data: { accountState: "INVITED" } }]);
    given(created({ accountState: "ENABLED" }))
      .when({ type: "ChangeAccountState", customerId, accountState: "ENABLED" })
      .then([]);
  });
});
