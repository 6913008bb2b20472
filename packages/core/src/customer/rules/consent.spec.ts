import { describe, it } from "vitest";
import { created, customerId } from "../spec/fixtures.js";
import { given, specNow } from "../spec/givenWhenThen.js";

describe("marketing consent", () => {
  it("records email consent, dated now unless the command says when", () => {
    given(created())
      .when({
        type: "UpdateEmailMarketingConsent",
        customerId,
        state: "SUBSCRIBED",
        optInLevel: "CONFIRMED_OPT_IN",
      })
      .then([
        {
          type: "EmailMarketingConsentUpdated",
          data: {
            state: "SUBSCRIBED",
            optInLevel: "CONFIRMED_OPT_IN",
            consentUpdatedAt: specNow.toISOString(),
          },
        },
      ]);
    given(created())
      .when({
        type: "UpdateEmailMarketingConsent",
        customerId,
        state: "PENDING",
        consentUpdatedAt: "2026-01-01T00:00:00.000Z",
      })
      .then([
        {
          type: "EmailMarketingConsentUpdated",
          data: {
            state: "PENDING",
            optInLevel: "UNKNOWN",
            consentUpdatedAt: "2026-01-01T00:00:00.000Z",
          },
        },
      ]);
  });

  it("records SMS consent", () => {
    given(created())
      .when({
        type: "UpdateSmsMarketingConsent",
        customerId,
        state: "SUBSCRIBED",
        optInLevel: "SINGLE_OPT_IN",
      })
      .then([
        {
          type: "SmsMarketingConsentUpdated",
          data: {
            state: "SUBSCRIBED",
            optInLevel: "SINGLE_OPT_IN",
            consentUpdatedAt: specNow.toISOString(),
          },
        },
      ]);
  });

  it("the same state and level again records nothing", () => {
    given(
      created({
        emailMarketingConsent: {
          state: "SUBSCRIBED",
          optInLevel: "SINGLE_OPT_IN",
          consentUpdatedAt: null,
        },
      }),
    )
      .when({
        type: "UpdateEmailMarketingConsent",
        customerId,
        state: "SUBSCRIBED",
        optInLevel: "SINGLE_OPT_IN",
      })
      .then([]);
  });

  it("email consent without an email fails with CONSENT_REQUIRES_EMAIL", () => {
    given(created({ email: null }))
      .when({ type: "UpdateEmailMarketingConsent", customerId, state: "SUBSCRIBED" })
      .thenThrows("CONSENT_REQUIRES_EMAIL", { field: "email" });
  });

  it("SMS consent without a phone fails with CONSENT_REQUIRES_PHONE", () => {
    given(created({ phone: null }))
      .when({ type: "UpdateSmsMarketingConsent", customerId, state: "SUBSCRIBED" })
      .thenThrows("CONSENT_REQUIRES_PHONE", { field: "phone" });
  });

  it("consent on create needs the matching contact", () => {
    given()
      .when({
        type: "CreateCustomer",
        customerId,
        source: "sign_up",
        phone: "+14155550123",
        emailMarketingConsent: { state: "SUBSCRIBED" },
      })
      .thenThrows("CONSENT_REQUIRES_EMAIL");
    given()
      .when({
        type: "CreateCustomer",
        customerId,
        source: "sign_up",
        email: "a@b.co",
        smsMarketingConsent: { state: "SUBSCRIBED" },
      })
      .thenThrows("CONSENT_REQUIRES_PHONE");
  });

  it.each(["REDACTED", "INVALID"])("%s is read-only: no command may set it", (state) => {
    given(created())
      .when({ type: "UpdateEmailMarketingConsent", customerId, state } as never)
      .thenThrows("VALIDATION_FAILED", { fields: ["state"] });
  });
});
