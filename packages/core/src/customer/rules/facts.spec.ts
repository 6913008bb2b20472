import { describe, expect, it } from "vitest";
import type { CommandOf } from "../commands/index.js";
import { created, customerId, order } from "../spec/fixtures.js";
import { given } from "../spec/givenWhenThen.js";

const recordOrder = {
  type: "RecordOrder",
  customerId,
  orderId: "1001",
  placedAt: "2026-01-02T09:00:00.000Z",
  total: "10.99",
  currency: "USD",
  lineItems: [{ productId: "123", quantity: 1 }],
} satisfies CommandOf<"RecordOrder">;

const abandon = {
  type: "RecordAbandonedCheckout",
  customerId,
  checkoutId: "ck1",
  abandonedAt: "2026-01-03T09:00:00.000Z",
} as const;

describe("profiles born from an order or a checkout", () => {
  it("an order for nobody yet creates the profile with source order", () => {
    const state = given()
      .when({ ...recordOrder, email: "Buyer@Example.com", firstName: "Bo" })
      .then([
        expect.objectContaining({
          type: "CustomerCreated",
          data: expect.objectContaining({
            source: "order",
            email: "buyer@example.com",
            firstName: "Bo",
          }),
        }),
        order("1001"),
      ]);
    expect(state).toMatchObject({ status: "active", source: "order", email: "buyer@example.com" });
    expect(state.orders).toHaveLength(1);
  });

  it("an abandoned checkout for nobody yet creates the profile with source checkout", () => {
    const state = given()
      .when({ ...abandon, phone: "+14155550199" })
      .then([
        expect.objectContaining({
          type: "CustomerCreated",
          data: expect.objectContaining({ source: "checkout", phone: "+14155550199" }),
        }),
        {
          type: "CheckoutAbandoned",
          data: { checkoutId: "ck1", abandonedAt: "2026-01-03T09:00:00.000Z" },
        },
      ]);
    expect(state.source).toBe("checkout");
  });

  it("an order with no contact cannot create a profile", () => {
    given().when(recordOrder).thenThrows("VALIDATION_FAILED");
  });

  it("an order for an existing profile attaches to it", () => {
    given(created())
      .when(recordOrder)
      .then([order("1001")]);
  });

  it("the same order twice records it once", () => {
    given(created(), order("1001")).when(recordOrder).then([]);
    given(created(), {
      type: "CheckoutAbandoned",
      data: { checkoutId: "ck1", abandonedAt: abandon.abandonedAt },
    })
      .when(abandon)
      .then([]);
  });
});

describe("facts recorded from elsewhere", () => {
  it("subscriptions start and end, idempotently", () => {
    const state = given(created())
      .when({ type: "StartSubscription", customerId, contractId: "c1" })
      .then([{ type: "SubscriptionStarted", data: { contractId: "c1" } }]);
    expect(state.subscriptions).toEqual([{ contractId: "c1", status: "active" }]);
    given(created(), { type: "SubscriptionStarted", data: { contractId: "c1" } })
      .when({ type: "StartSubscription", customerId, contractId: "c1" })
      .then([]);
    const ended = given(created(), { type: "SubscriptionStarted", data: { contractId: "c1" } })
      .when({ type: "EndSubscription", customerId, contractId: "c1" })
      .then([{ type: "SubscriptionEnded", data: { contractId: "c1" } }]);
    expect(ended.subscriptions).toEqual([{ contractId: "c1", status: "ended" }]);
    given(created(), { type: "SubscriptionEnded", data: { contractId: "c1" } })
      .when({ type: "EndSubscription", customerId, contractId: "c1" })
      .then([]);
  });

  it("stores a payment method; the same one again records nothing", () => {
    const card = {
      paymentMethodId: "pm1",
      brand: "visa",
      last4: "4242",
      hasSubscriptionCredential: true,
    };
    given(created())
      .when({ type: "StorePaymentMethod", customerId, ...card })
      .then([{ type: "PaymentMethodStored", data: card }]);
    given(created(), { type: "PaymentMethodStored", data: card })
      .when({ type: "StorePaymentMethod", customerId, ...card })
      .then([]);
  });

  it("schedules and delivers gift cards", () => {
    given(created())
      .when({ type: "ScheduleGiftCard", customerId, giftCardId: "g1" })
      .then([{ type: "GiftCardScheduled", data: { giftCardId: "g1" } }]);
    const state = given(created(), { type: "GiftCardScheduled", data: { giftCardId: "g1" } })
      .when({ type: "DeliverGiftCard", customerId, giftCardId: "g1" })
      .then([{ type: "GiftCardDelivered", data: { giftCardId: "g1" } }]);
    expect(state.giftCards).toEqual([{ giftCardId: "g1", status: "delivered" }]);
  });

  it("opens store credit, links a company, sets a Multipass identifier, each once", () => {
    given(created())
      .when({ type: "OpenStoreCreditAccount", customerId, storeCreditAccountId: "sc1" })
      .then([{ type: "StoreCreditAccountOpened", data: { storeCreditAccountId: "sc1" } }]);
    given(created())
      .when({ type: "LinkCompanyContact", customerId, companyId: "co1" })
      .then([{ type: "CompanyContactLinked", data: { companyId: "co1" } }]);
    given(created(), { type: "CompanyContactLinked", data: { companyId: "co1" } })
      .when({ type: "LinkCompanyContact", customerId, companyId: "co1" })
      .then([]);
    given(created())
      .when({ type: "SetMultipassIdentifier", customerId, multipassIdentifier: "mp-42" })
      .then([{ type: "MultipassIdentifierSet", data: { multipassIdentifier: "mp-42" } }]);
  });
});
