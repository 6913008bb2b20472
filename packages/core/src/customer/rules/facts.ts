import type { CommandOf } from "../commands/index.js";
import type { CustomerEvent } from "../events/index.js";
import type { CustomerState } from "../state.js";
import { newProfile } from "./profile.js";

/*
 * Facts recorded from elsewhere. They are idempotent: the same fact delivered twice (at-least-once
 * webhooks, a replayed import) records nothing the second time.
 */

/**
 * An order or checkout for someone with no profile yet gives birth to one, with the source
 * recorded (customers.md, "How a profile is born"). Finding the profile by email or phone is the
 * command handler's job; by the time the decider runs, the stream is chosen. On an existing
 * profile the order's contact details are ignored: an order must not overwrite what staff or the
 * customer set.
 */
const bornIfNew = (
  command: CommandOf<"RecordOrder" | "RecordAbandonedCheckout">,
  state: CustomerState,
  source: "order" | "checkout",
): CustomerEvent[] =>
  state.status === "none"
    ? [{ type: "CustomerCreated", data: newProfile(command.customerId, source, command) }]
    : [];

export const decideRecordOrder = (
  command: CommandOf<"RecordOrder">,
  state: CustomerState,
): CustomerEvent[] => {
  if (state.orders.some((order) => order.orderId === command.orderId)) return [];
  const { orderId, placedAt, total, currency, lineItems } = command;
  return [
    ...bornIfNew(command, state, "order"),
    { type: "OrderRecorded", data: { orderId, placedAt, total, currency, lineItems } },
  ];
};

export const decideRecordAbandonedCheckout = (
  command: CommandOf<"RecordAbandonedCheckout">,
  state: CustomerState,
): CustomerEvent[] => {
  if (state.checkouts.some((c) => c.checkoutId === command.checkoutId)) return [];
  const { checkoutId, abandonedAt } = command;
  return [
    ...bornIfNew(command, state, "checkout"),
    { type: "CheckoutAbandoned", data: { checkoutId, abandonedAt } },
  ];
};

/** Facts only move forward: a contract already active, or already ended, records nothing. */
export const decideStartSubscription = (
  command: CommandOf<"StartSubscription">,
  state: CustomerState,
): CustomerEvent[] =>
  state.subscriptions.some((s) => s.contractId === command.contractId)
    ? []
    : [{ type: "SubscriptionStarted", data: { contractId: command.contractId } }];

/** An end may arrive before its start (webhooks reorder); it is recorded all the same. */
export const decideEndSubscription = (
  command: CommandOf<"EndSubscription">,
  state: CustomerState,
): CustomerEvent[] =>
  state.subscriptions.some((s) => s.contractId === command.contractId && s.status === "ended")
    ? []
    : [{ type: "SubscriptionEnded", data: { contractId: command.contractId } }];

export const decideStorePaymentMethod = (
  command: CommandOf<"StorePaymentMethod">,
  state: CustomerState,
): CustomerEvent[] => {
  const { paymentMethodId, brand, last4, hasSubscriptionCredential } = command;
  const held = state.paymentMethods.find((p) => p.paymentMethodId === paymentMethodId);
  const same =
    held?.brand === brand &&
    held.last4 === last4 &&
    held.hasSubscriptionCredential === hasSubscriptionCredential;
  return same
    ? []
    : [
        {
          type: "PaymentMethodStored",
          data: { paymentMethodId, brand, last4, hasSubscriptionCredential },
        },
      ];
};

export const decideScheduleGiftCard = (
  command: CommandOf<"ScheduleGiftCard">,
  state: CustomerState,
): CustomerEvent[] =>
  state.giftCards.some((g) => g.giftCardId === command.giftCardId)
    ? []
    : [{ type: "GiftCardScheduled", data: { giftCardId: command.giftCardId } }];

export const decideDeliverGiftCard = (
  command: CommandOf<"DeliverGiftCard">,
  state: CustomerState,
): CustomerEvent[] =>
  state.giftCards.some((g) => g.giftCardId === command.giftCardId && g.status === "delivered")
    ? []
    : [{ type: "GiftCardDelivered", data: { giftCardId: command.giftCardId } }];

export const decideOpenStoreCreditAccount = (
  command: CommandOf<"OpenStoreCreditAccount">,
  state: CustomerState,
): CustomerEvent[] =>
  state.storeCreditAccountId === command.storeCreditAccountId
    ? []
    : [
        {
          type: "StoreCreditAccountOpened",
          data: { storeCreditAccountId: command.storeCreditAccountId },
        },
      ];

export const decideLinkCompanyContact = (
  command: CommandOf<"LinkCompanyContact">,
  state: CustomerState,
): CustomerEvent[] =>
  state.companyId === command.companyId
    ? []
    : [{ type: "CompanyContactLinked", data: { companyId: command.companyId } }];

export const decideSetMultipassIdentifier = (
  command: CommandOf<"SetMultipassIdentifier">,
  state: CustomerState,
): CustomerEvent[] =>
  state.multipassIdentifier === command.multipassIdentifier
    ? []
    : [
        {
          type: "MultipassIdentifierSet",
          data: { multipassIdentifier: command.multipassIdentifier },
        },
      ];
