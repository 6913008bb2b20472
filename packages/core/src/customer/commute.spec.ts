import { describe, expect, it } from "vitest";
import { parseOrThrow } from "../validation.js";
import { type CustomerCommandInput, customerCommandSchema } from "./commands/index.js";
import { commutes } from "./commute.js";
import type { CustomerEvent } from "./events/index.js";
import {
  addressAdded,
  created,
  customerId,
  order,
  redactionRequested,
  tagged,
  untagged,
} from "./spec/fixtures.js";

const command = (input: CustomerCommandInput) =>
  parseOrThrow(customerCommandSchema, input, "command");
const updated = (data: object): CustomerEvent => ({ type: "CustomerUpdated", data });
const closings: CustomerEvent[] = [
  { type: "CustomerDeleted", data: {} },
  { type: "CustomerRedacted", data: {} },
  { type: "CustomerMergedInto", data: { survivorId: "cus_2", mergeId: "m1" } },
];

describe("commutes", () => {
  it("adding tag A commutes with someone tagging or untagging B", () => {
    const addA = command({ type: "AddTags", customerId, tags: "A" });
    expect(commutes(addA, [tagged("B"), untagged("C")])).toBe(true);
  });

  it("adding tag A does not commute with someone removing a (same tag, other case)", () => {
    expect(commutes(command({ type: "AddTags", customerId, tags: "A" }), [untagged("a")])).toBe(
      false,
    );
  });

  it("replacing the tag list does not commute with any tag change", () => {
    expect(commutes(command({ type: "ReplaceTags", customerId, tags: "A" }), [tagged("Z")])).toBe(
      false,
    );
  });

  it("tags commute with addresses; a note commutes with tags", () => {
    expect(
      commutes(command({ type: "AddTags", customerId, tags: "A" }), [addressAdded("a1")]),
    ).toBe(true);
    expect(commutes(command({ type: "SetNote", customerId, note: "n" }), [tagged("B")])).toBe(true);
    expect(
      commutes(command({ type: "SetNote", customerId, note: "n" }), [
        { type: "CustomerNoted", data: { note: "m" } },
      ]),
    ).toBe(false);
  });

  it("an update commutes with an update of other fields, not of the same field", () => {
    const setEmail = command({ type: "UpdateCustomer", customerId, email: "new@example.com" });
    expect(commutes(setEmail, [updated({ firstName: "Eve" })])).toBe(true);
    expect(commutes(setEmail, [updated({ email: "other@example.com" })])).toBe(false);
  });

  it("email consent does not commute with a changed email", () => {
    const consent = command({
      type: "UpdateEmailMarketingConsent",
      customerId,
      state: "SUBSCRIBED",
    });
    expect(commutes(consent, [updated({ email: "x@y.co" })])).toBe(false);
    expect(commutes(consent, [updated({ phone: "+14155550123" })])).toBe(true);
  });

  it("editing an address does not commute with another edit or removal of it", () => {
    const edit = command({
      type: "UpdateAddress",
      customerId,
      addressId: "a1",
      address: { zip: "1" },
    });
    expect(commutes(edit, [{ type: "AddressRemoved", data: { addressId: "a1" } }])).toBe(false);
    expect(commutes(edit, [{ type: "AddressRemoved", data: { addressId: "a2" } }])).toBe(true);
  });

  it("deleting never commutes: it must follow the latest state", () => {
    expect(commutes(command({ type: "DeleteCustomer", customerId }), [tagged("B")])).toBe(false);
    expect(commutes(command({ type: "DeleteCustomer", customerId }), [])).toBe(true);
  });

  it("facts commute with edits and with the profile's birth", () => {
    const fact = command({ type: "StartSubscription", customerId, contractId: "c1" });
    expect(commutes(fact, [created(), tagged("B"), order(), redactionRequested])).toBe(true);
  });

  it("an erasure request or cancellation commutes with edits, not with another erasure change", () => {
    const request = command({ type: "RequestDataErasure", customerId });
    const cancel = command({ type: "CancelDataErasure", customerId });
    expect(commutes(request, [tagged("B"), order()])).toBe(true);
    expect(commutes(cancel, [redactionRequested])).toBe(false);
    expect(commutes(command({ type: "RedactCustomer", customerId }), [tagged("B")])).toBe(false);
  });

  it("a data request commutes with edits, not with another data request change", () => {
    const start = command({ type: "StartDataRequest", customerId });
    expect(commutes(start, [tagged("B")])).toBe(true);
    expect(
      commutes(start, [
        {
          type: "DataRequestStarted",
          data: { requestId: "r", requestedAt: "2026-01-01T00:00:00Z" },
        },
      ]),
    ).toBe(false);
  });

  it("a merge starting is re-decided on (and refuses) the fresh state; what a merge gained commutes with nothing", () => {
    const addA = command({ type: "AddTags", customerId, tags: "A" });
    const started: CustomerEvent = {
      type: "CustomerMergeStarted",
      data: { mergeId: "m", survivorId: customerId, absorbedId: "cus_2" },
    };
    expect(commutes(addA, [started])).toBe(true);
    const merged: CustomerEvent = {
      type: "CustomerMerged",
      data: {
        mergeId: "m",
        absorbedId: "cus_2",
        gained: [{ type: "CustomerTagged", data: { tags: ["Z"] } }],
      },
    };
    expect(commutes(addA, [merged])).toBe(false);
  });

  it.each(closings.map((e) => [e.type, e] as const))("%s never commutes", (_, closing) => {
    expect(commutes(command({ type: "AddTags", customerId, tags: "A" }), [closing])).toBe(false);
    expect(
      commutes(command({ type: "StartSubscription", customerId, contractId: "c1" }), [closing]),
    ).toBe(false);
  });

  it("sending or resending an email commutes with deliveries, tags and other sends", () => {
    const sent: CustomerEvent = {
      type: "EmailSent",
      data: {
        emailId: "e2",
        recipient: "customer",
        to: "a@b.co",
        from: "s@b.co",
        subject: "s",
        body: "b",
        sentAt: "2026-01-01T00:00:00.000Z",
        resendOf: null,
      },
    };
    const delivered: CustomerEvent = { type: "EmailDelivered", data: { emailId: "e1" } };
    const resend = command({ type: "ResendEmail", customerId, emailId: "e1" });
    expect(commutes(resend, [delivered, sent, tagged("VIP")])).toBe(true);
    const send = command({
      type: "SendEmail",
      customerId,
      from: "s@b.co",
      subject: "s",
      body: "b",
    });
    expect(commutes(send, [sent, delivered])).toBe(true);
  });

  it("an email to the customer does not commute with a change of their address", () => {
    const resend = command({ type: "ResendEmail", customerId, emailId: "e1" });
    expect(commutes(resend, [updated({ email: "new@b.co" })])).toBe(false);
    const toStaff = command({
      type: "ResendEmail",
      customerId,
      emailId: "e1",
      recipient: { kind: "staff", email: "anna@shop.example" },
    });
    expect(commutes(toStaff, [updated({ email: "new@b.co" })])).toBe(true);
  });

  it("a payment-method command conflicts with a change to that method only", () => {
    const remove = command({ type: "RemovePaymentMethod", customerId, paymentMethodId: "pm1" });
    const card = { brand: "visa", last4: "4242", hasSubscriptionCredential: false };
    const storedOther: CustomerEvent = {
      type: "PaymentMethodStored",
      data: { paymentMethodId: "pm2", ...card },
    };
    expect(commutes(remove, [storedOther])).toBe(true);
    const replaced: CustomerEvent = {
      type: "PaymentMethodReplaced",
      data: { paymentMethodId: "pm1", replacement: { paymentMethodId: "pm3", ...card } },
    };
    expect(commutes(remove, [replaced])).toBe(false);
  });
});
