import { describe, expect, it } from "vitest";
import type { CustomerEvent } from "../events/index.js";
import { evolve } from "../evolve.js";
import { created, customerId } from "../spec/fixtures.js";
import { given, specNow } from "../spec/givenWhenThen.js";
import { initialCustomerState } from "../state.js";

const sentAt = specNow.toISOString();
const welcome = {
  emailId: "e1",
  recipient: "customer",
  to: "ada@example.com",
  from: "shop@example.com",
  subject: "Welcome back",
  body: "Your order shipped.",
  sentAt,
  resendOf: null,
} as const;
const sent: CustomerEvent = { type: "EmailSent", data: welcome };
const send = {
  type: "SendEmail",
  customerId,
  from: "shop@example.com",
  subject: "Welcome back",
  body: "Your order shipped.",
} as const;

describe("sending an email", () => {
  it("to the customer puts it in the outbox at the profile's address", () => {
    const state = given(created())
      .when(send)
      .then([{ type: "EmailSent", data: { ...welcome, emailId: "id-1" } }]);
    expect(state.emails).toEqual([
      {
        ...welcome,
        emailId: "id-1",
        paymentMethodId: null,
        status: "pending",
        failureReason: null,
      },
    ]);
  });

  it("to the staff member goes to the address they give", () => {
    given(created())
      .when({ ...send, emailId: "e1", recipient: { kind: "staff", email: "Anna@Shop.example" } })
      .then([
        { type: "EmailSent", data: { ...welcome, recipient: "staff", to: "anna@shop.example" } },
      ]);
  });

  it("with an id already used sends nothing, so a retried request never sends twice", () => {
    given(created(), sent)
      .when({ ...send, emailId: "e1" })
      .then([]);
  });

  it("to a customer without an email is refused with CUSTOMER_HAS_NO_EMAIL", () => {
    given(created({ email: null }))
      .when(send)
      .thenThrows("CUSTOMER_HAS_NO_EMAIL", { field: "email" });
  });

  it("to a staff member needs their address", () => {
    given(created())
      .when({ ...send, recipient: { kind: "staff" } } as never)
      .thenThrows("VALIDATION_FAILED");
  });
});

describe("resending an email", () => {
  it("to the customer sends the same message again, linked to the first", () => {
    given(created(), sent)
      .when({ type: "ResendEmail", customerId, emailId: "e1" })
      .then([{ type: "EmailSent", data: { ...welcome, emailId: "id-1", resendOf: "e1" } }]);
  });

  it("to the staff member sends them a copy of the message", () => {
    given(created(), sent)
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
            ...welcome,
            emailId: "e2",
            recipient: "staff",
            to: "anna@shop.example",
            resendOf: "e1",
          },
        },
      ]);
  });

  it("to the customer uses the address the profile has now", () => {
    given(created(), sent, { type: "CustomerUpdated", data: { email: "ada@new.example" } })
      .when({ type: "ResendEmail", customerId, emailId: "e1", newEmailId: "e2" })
      .then([
        {
          type: "EmailSent",
          data: { ...welcome, emailId: "e2", to: "ada@new.example", resendOf: "e1" },
        },
      ]);
  });

  it("works for a failed send, which stays flagged while the new one is pending", () => {
    const state = given(created(), sent, {
      type: "EmailDeliveryFailed",
      data: { emailId: "e1", reason: "mailbox full" },
    })
      .when({ type: "ResendEmail", customerId, emailId: "e1", newEmailId: "e2" })
      .then([{ type: "EmailSent", data: { ...welcome, emailId: "e2", resendOf: "e1" } }]);
    expect(state.emails.map((e) => [e.emailId, e.status])).toEqual([
      ["e1", "failed"],
      ["e2", "pending"],
    ]);
  });

  it("of an unknown email is refused with EMAIL_NOT_FOUND", () => {
    given(created(), sent)
      .when({ type: "ResendEmail", customerId, emailId: "nope" })
      .thenThrows("EMAIL_NOT_FOUND", { emailId: "nope" });
  });

  it("with a new id already used sends nothing", () => {
    const again: CustomerEvent = {
      type: "EmailSent",
      data: { ...welcome, emailId: "e2", resendOf: "e1" },
    };
    given(created(), sent, again)
      .when({ type: "ResendEmail", customerId, emailId: "e1", newEmailId: "e2" })
      .then([]);
  });

  it("on a deleted profile is refused", () => {
    given(created(), sent, { type: "CustomerDeleted", data: {} })
      .when({ type: "ResendEmail", customerId, emailId: "e1" })
      .thenThrows("CUSTOMER_DELETED");
  });
});

describe("delivery outcomes", () => {
  it("a delivery lands on the profile", () => {
    const state = given(created(), sent)
      .when({ type: "RecordEmailDelivered", customerId, emailId: "e1" })
      .then([{ type: "EmailDelivered", data: { emailId: "e1" } }]);
    expect(state.emails[0]?.status).toBe("delivered");
  });

  it("a failure flags the send with its reason", () => {
    const state = given(created(), sent)
      .when({
        type: "RecordEmailDeliveryFailed",
        customerId,
        emailId: "e1",
        reason: "550 mailbox unavailable",
      })
      .then([
        { type: "EmailDeliveryFailed", data: { emailId: "e1", reason: "550 mailbox unavailable" } },
      ]);
    expect(state.emails[0]).toMatchObject({
      status: "failed",
      failureReason: "550 mailbox unavailable",
    });
  });

  it("the first outcome wins: a second report records nothing", () => {
    given(created(), sent, { type: "EmailDelivered", data: { emailId: "e1" } })
      .when({ type: "RecordEmailDeliveryFailed", customerId, emailId: "e1", reason: "late bounce" })
      .then([]);
  });

  it("for an unknown email is refused with EMAIL_NOT_FOUND", () => {
    given(created())
      .when({ type: "RecordEmailDelivered", customerId, emailId: "e9" })
      .thenThrows("EMAIL_NOT_FOUND");
  });

  it("redaction keeps that an email was sent and when, not who it went to or what it said", () => {
    const events: CustomerEvent[] = [created(), sent, { type: "CustomerRedacted", data: {} }];
    expect(events.reduce(evolve, initialCustomerState).emails).toEqual([
      {
        ...welcome,
        to: "[redacted]",
        subject: "[redacted]",
        body: "[redacted]",
        paymentMethodId: null,
        status: "pending",
        failureReason: null,
      },
    ]);
  });
});
