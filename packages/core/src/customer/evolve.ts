import { appendOnce, type FoldScratch } from "./appendOnce.js";
import type { CustomerEvent, EventOf } from "./events/index.js";
import { withoutPersonalData } from "./personalData.js";
import { type CustomerState, notSubscribed, type RecordedOrder, type SentEmail } from "./state.js";
import { withoutTags, withTags } from "./tagSet.js";
import { withChanges } from "./withChanges.js";

type AbandonedCheckout = EventOf<"CheckoutAbandoned">["data"];

/**
 * Applies one event to a state and returns the next state; never mutates its input, so a state
 * can be cached and shared. Facts are applied idempotently: recording one twice changes nothing.
 * @example const state = events.reduce(evolve, initialCustomerState);
 */
export const evolve = (state: CustomerState, event: CustomerEvent): CustomerState =>
  apply(state, event, undefined);

/**
 * `events.reduce(evolve, state)`, without copying the order and checkout lists on every fact:
 * each list is copied once, then extended in place while no one else can see it (`appendOnce`).
 * The result equals the reduce (a property test checks it) and `state` is never mutated. Loaders
 * replay whole streams with it; a cold 10,000-event profile went from O(n²) to O(n).
 * @example const state = foldCustomerEvents(initialCustomerState, events);
 */
export const foldCustomerEvents = (
  state: CustomerState,
  events: readonly CustomerEvent[],
): CustomerState => {
  // One event needs no scratch: a cached state folding its tail is the common case.
  const scratch: FoldScratch | undefined = events.length > 1 ? new WeakMap() : undefined;
  let current = state;
  for (const event of events) current = apply(current, event, scratch);
  return current;
};

const orderIdOf = (order: RecordedOrder) => order.orderId;
const checkoutIdOf = (checkout: AbandonedCheckout) => checkout.checkoutId;

/**
 * One step of the fold. Every case builds a new state (`withChanges`) and keeps lists by
 * reference; `scratch` only lets `appendOnce` extend a list this fold made itself, so a case
 * must never store such a list anywhere but in its own field.
 */
const apply = (
  state: CustomerState,
  event: CustomerEvent,
  scratch: FoldScratch | undefined,
): CustomerState => {
  switch (event.type) {
    case "CustomerCreated": {
      const { customerId, emailMarketingConsent, smsMarketingConsent, ...profile } = event.data;
      return withChanges(state, {
        ...profile,
        id: customerId,
        status: "active",
        emailConsent: emailMarketingConsent,
        smsConsent: smsMarketingConsent,
      });
    }
    case "CustomerUpdated": {
      const next = withChanges(state, event.data);
      // Consent belongs to an address: with no email (or phone) left there is nobody to market to.
      if (event.data.email === null) next.emailConsent = notSubscribed;
      if (event.data.phone === null) next.smsConsent = notSubscribed;
      return next;
    }
    case "CustomerTagged":
      return withChanges(state, { tags: withTags(state.tags, event.data.tags) });
    case "CustomerUntagged":
      return withChanges(state, { tags: withoutTags(state.tags, event.data.tags) });
    case "CustomerNoted":
      return withChanges(state, { note: event.data.note });
    case "AddressAdded":
      return withChanges(state, {
        addresses: [...state.addresses, event.data.address],
        defaultAddressId: state.defaultAddressId ?? event.data.address.addressId,
      });
    case "AddressUpdated":
      return withChanges(state, {
        addresses: state.addresses.map((address) =>
          address.addressId === event.data.address.addressId ? event.data.address : address,
        ),
      });
    case "AddressRemoved": {
      const addresses = state.addresses.filter((a) => a.addressId !== event.data.addressId);
      const defaultAddressId =
        state.defaultAddressId === event.data.addressId
          ? (addresses[0]?.addressId ?? null)
          : state.defaultAddressId;
      return withChanges(state, { addresses, defaultAddressId });
    }
    case "DefaultAddressSet":
      return withChanges(state, { defaultAddressId: event.data.addressId });
    case "EmailMarketingConsentUpdated":
      return withChanges(state, { emailConsent: event.data });
    case "SmsMarketingConsentUpdated":
      return withChanges(state, { smsConsent: event.data });
    case "OrderRecorded": {
      const orders = appendOnce(state.orders, event.data, orderIdOf, scratch);
      // Unchanged list: a duplicate, or the fold's own list extended in place (same contents).
      return orders === state.orders ? state : withChanges(state, { orders });
    }
    case "CheckoutAbandoned": {
      const checkouts = appendOnce(state.checkouts, event.data, checkoutIdOf, scratch);
      return checkouts === state.checkouts ? state : withChanges(state, { checkouts });
    }
    case "SubscriptionStarted":
    case "SubscriptionEnded": {
      const status = event.type === "SubscriptionStarted" ? "active" : "ended";
      const others = state.subscriptions.filter((s) => s.contractId !== event.data.contractId);
      return withChanges(state, {
        subscriptions: [...others, { contractId: event.data.contractId, status }],
      });
    }
    case "PaymentMethodStored": {
      const id = event.data.paymentMethodId;
      const others = state.paymentMethods.filter((p) => p.paymentMethodId !== id);
      return withChanges(state, { paymentMethods: [...others, event.data] });
    }
    case "GiftCardScheduled":
    case "GiftCardDelivered": {
      const status = event.type === "GiftCardScheduled" ? "scheduled" : "delivered";
      const others = state.giftCards.filter((g) => g.giftCardId !== event.data.giftCardId);
      return withChanges(state, {
        giftCards: [...others, { giftCardId: event.data.giftCardId, status }],
      });
    }
    case "StoreCreditAccountOpened":
      return withChanges(state, { storeCreditAccountId: event.data.storeCreditAccountId });
    case "CompanyContactLinked":
      return withChanges(state, { companyId: event.data.companyId });
    case "MultipassIdentifierSet":
      return withChanges(state, { multipassIdentifier: event.data.multipassIdentifier });
    case "AccountStateChanged":
      return withChanges(state, { accountState: event.data.accountState });
    case "RedactionRequested":
      return withChanges(state, {
        redactionPending: { requestedBy: event.data.requestedBy, dueAt: event.data.dueAt },
      });
    case "RedactionCancelled":
      return withChanges(state, { redactionPending: null });
    case "CustomerRedacted":
      return withChanges(withoutPersonalData(state), {
        status: "redacted",
        redactionPending: null,
      });
    case "CustomerDeleted":
      return withChanges(withoutPersonalData(state), { status: "deleted" });
    case "CustomerMergedInto":
      return withChanges(state, {
        status: "merged",
        mergedInto: event.data.survivorId,
        mergeInProgress: null,
      });
    case "EmailSent":
    case "PaymentMethodUpdateEmailSent": {
      if (state.emails.some((e) => e.emailId === event.data.emailId)) return state;
      const sent: SentEmail = {
        ...event.data,
        paymentMethodId: event.type === "EmailSent" ? null : event.data.paymentMethodId,
        status: "pending",
        failureReason: null,
      };
      return withChanges(state, { emails: [...state.emails, sent] });
    }
    case "EmailDelivered":
    case "EmailDeliveryFailed": {
      const failed = event.type === "EmailDeliveryFailed";
      return withChanges(state, {
        emails: state.emails.map((e) =>
          e.emailId === event.data.emailId && e.status === "pending"
            ? {
                ...e,
                status: failed ? "failed" : "delivered",
                failureReason: failed ? event.data.reason : null,
              }
            : e,
        ),
      });
    }
    case "PaymentMethodReplaced": {
      const { paymentMethodId, replacement } = event.data;
      const gone = new Set([paymentMethodId, replacement.paymentMethodId]);
      const others = state.paymentMethods.filter((p) => !gone.has(p.paymentMethodId));
      return withChanges(state, { paymentMethods: [...others, replacement] });
    }
    case "PaymentMethodRemoved":
      return withChanges(state, {
        paymentMethods: state.paymentMethods.filter(
          (p) => p.paymentMethodId !== event.data.paymentMethodId,
        ),
      });
    case "CustomerMergeStarted":
      return withChanges(state, { mergeInProgress: event.data });
    case "CustomerMergeAbandoned":
      return state.mergeInProgress?.mergeId === event.data.mergeId
        ? withChanges(state, { mergeInProgress: null })
        : state;
    // The survivor folds what it gained with its own handlers: the same path every projection takes.
    case "CustomerMerged": {
      let merged = state;
      for (const gained of event.data.gained) merged = apply(merged, gained, scratch);
      return withChanges(merged, {
        mergeInProgress: null,
        absorbedIds: [...state.absorbedIds, event.data.absorbedId],
      });
    }
    case "DataRequestStarted":
      return withChanges(state, { dataRequest: event.data });
    case "DataRequestCompleted":
      return state.dataRequest?.requestId === event.data.requestId
        ? withChanges(state, { dataRequest: null })
        : state;
  }
};
