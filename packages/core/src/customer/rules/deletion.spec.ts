import { describe, expect, it } from "vitest";
import type { CustomerEvent } from "../events/index.js";
import { created, customerId, order, redactionRequested } from "../spec/fixtures.js";
import { given } from "../spec/givenWhenThen.js";

const deleteIt = { type: "DeleteCustomer", customerId } as const;
const subscription: CustomerEvent = { type: "SubscriptionStarted", data: { contractId: "c1" } };
const ended: CustomerEvent = { type: "SubscriptionEnded", data: { contractId: "c1" } };
const giftCard: CustomerEvent = { type: "GiftCardScheduled", data: { giftCardId: "g1" } };
const delivered: CustomerEvent = { type: "GiftCardDelivered", data: { giftCardId: "g1" } };

describe("deleting a customer", () => {
  it("deletes a profile with nothing blocking and removes its personal data", () => {
    const state = given(created({ note: "private", tags: ["vip"] }))
      .when(deleteIt)
      .then([{ type: "CustomerDeleted", data: {} }]);
    expect(state).toMatchObject({
      status: "deleted",
      email: null,
      phone: null,
      firstName: null,
      note: "",
    });
    expect(state.emailConsent.state).toBe("REDACTED");
  });

  it.each([
    ["HAS_ORDERS", [order()]],
    ["PENDING_REDACTION", [redactionRequested]],
    ["HAS_SUBSCRIPTION", [subscription]],
    ["HAS_SUBSCRIPTION", [subscription, ended]],
    ["PENDING_GIFT_CARD", [giftCard]],
  ] as const)("is blocked by %s", (reason, facts) => {
    given(created(), ...facts)
      .when(deleteIt)
      .thenThrows("DELETE_BLOCKED", { reasons: [reason] });
  });

  it("a delivered gift card or a cancelled redaction no longer blocks", () => {
    given(created(), giftCard, delivered, redactionRequested, {
      type: "RedactionCancelled",
      data: { cancelledBy: { kind: "staff", staffId: "anna" } },
    })
      .when(deleteIt)
      .then([{ type: "CustomerDeleted", data: {} }]);
  });

  it("lists every reason at once", () => {
    given(created(), order(), redactionRequested, subscription, giftCard)
      .when(deleteIt)
      .thenThrows("DELETE_BLOCKED", {
        reasons: ["HAS_ORDERS", "PENDING_REDACTION", "HAS_SUBSCRIPTION", "PENDING_GIFT_CARD"],
      });
  });
});
