import { describe, expect, it } from "vitest";
import type { CustomerEvent } from "../events/index.js";
import { created, customerId } from "../spec/fixtures.js";
import { given, specNow } from "../spec/givenWhenThen.js";

const card = {
  paymentMethodId: "pm1",
  brand: "visa",
  last4: "4242",
  hasSubscriptionCredential: true,
};
const stored: CustomerEvent = { type: "PaymentMethodStored", data: card };
const newCard = {
  paymentMethodId: "pm2",
  brand: "mastercard",
  last4: "5454",
  hasSubscriptionCredential: true,
};

describe("sending the payment method update email", () => {
  const command = {
    type: "SendPaymentMethodUpdateEmail",
    customerId,
    paymentMethodId: "pm1",
    updateUrl: "https://pay.example.com/u/abc",
    from: "shop@example.com",
  } as const;

  it("puts the update link in the outbox, to the customer, naming the card", () => {
    const state = given(created(), stored)
      .when(command)
      .then([
        {
          type: "PaymentMethodUpdateEmailSent",
          data: {
            paymentMethodId: "pm1",
            emailId: "id-1",
            recipient: "customer",
            to: "ada@example.com",
            from: "shop@example.com",
            subject: "Update your payment method",
            body: [
              "Hello Ada,",
              "",
              "Please update the payment method used for your subscription (visa ending 4242):",
              "https://pay.example.com/u/abc",
              "",
              "If you did not expect this email, you can ignore it.",
            ].join("\n"),
            sentAt: specNow.toISOString(),
            resendOf: null,
          },
        },
      ]);
    expect(state.emails[0]).toMatchObject({
      emailId: "id-1",
      paymentMethodId: "pm1",
      status: "pending",
    });
  });

  it("can be resent like any email, to the staff member too", () => {
    const updateSent: CustomerEvent = {
      type: "PaymentMethodUpdateEmailSent",
      data: {
        paymentMethodId: "pm1",
        emailId: "e1",
        recipient: "customer",
        to: "ada@example.com",
        from: "shop@example.com",
        subject: "Update your payment method",
        body: "Please update: https://pay.example.com/u/abc",
        sentAt: specNow.toISOString(),
        resendOf: null,
      },
    };
    given(created(), stored, updateSent)
      .when({
        type: "ResendEmail",
        customerId,
        emailId: "e1",
        newEmailId: "e2",
        recipient: { kind: "staff", email: "anna@shop.example" },
      })
      .then([
        {
          type: "EmailSent",
          data: {
            emailId: "e2",
            recipient: "staff",
            to: "anna@shop.example",
            from: "shop@example.com",
            subject: "Update your payment method",
            body: "Please update: https://pay.example.com/u/abc",
            sentAt: specNow.toISOString(),
            resendOf: "e1",
          },
        },
      ]);
  });

  it("for an unknown payment method is refused with PAYMENT_METHOD_NOT_FOUND", () => {
    given(created(), stored)
      .when({ ...command, paymentMethodId: "pm9" })
      .thenThrows("PAYMENT_METHOD_NOT_FOUND", { paymentMethodId: "pm9" });
  });

  it("needs the customer's email", () => {
    given(created({ email: null }), stored)
      .when(command)
      .thenThrows("CUSTOMER_HAS_NO_EMAIL");
  });

  it("only links to an https page", () => {
    given(created(), stored)
      .when({ ...command, updateUrl: "http://pay.example.com/u/abc" })
      .thenThrows("VALIDATION_FAILED", { fields: ["updateUrl"] });
  });
});

describe("replacing a payment method", () => {
  it("puts the new card in the old one's place", () => {
    const state = given(created(), stored)
      .when({
        type: "ReplacePaymentMethod",
        customerId,
        paymentMethodId: "pm1",
        replacement: newCard,
      })
      .then([
        { type: "PaymentMethodReplaced", data: { paymentMethodId: "pm1", replacement: newCard } },
      ]);
    expect(state.paymentMethods).toEqual([newCard]);
  });

  it("with the same card records nothing", () => {
    given(created(), stored)
      .when({ type: "ReplacePaymentMethod", customerId, paymentMethodId: "pm1", replacement: card })
      .then([]);
  });

  it("of an unknown payment method is refused with PAYMENT_METHOD_NOT_FOUND", () => {
    given(created())
      .when({
        type: "ReplacePaymentMethod",
        customerId,
        paymentMethodId: "pm1",
        replacement: newCard,
      })
      .thenThrows("PAYMENT_METHOD_NOT_FOUND");
  });
});

describe("removing a payment method", () => {
  it("drops it from the profile, and with it the merge blocker a subscription credential was", () => {
    const state = given(created(), stored)
      .when({ type: "RemovePaymentMethod", customerId, paymentMethodId: "pm1" })
      .then([{ type: "PaymentMethodRemoved", data: { paymentMethodId: "pm1" } }]);
    expect(state.paymentMethods).toEqual([]);
  });

  it("of an unknown payment method is refused with PAYMENT_METHOD_NOT_FOUND", () => {
    given(created(), stored)
      .when({ type: "RemovePaymentMethod", customerId, paymentMethodId: "pm9" })
      .thenThrows("PAYMENT_METHOD_NOT_FOUND");
  });

  it("on a redacted profile is refused", () => {
    given(created(), stored, { type: "CustomerRedacted", data: {} })
      .when({ type: "RemovePaymentMethod", customerId, paymentMethodId: "pm1" })
      .thenThrows("CUSTOMER_REDACTED");
  });
});
