import type { CustomerEvent } from "./events/index.js";
import { withoutPersonalData } from "./personalData.js";
import { type CustomerState, notSubscribed, type SentEmail } from "./state.js";
import { withoutTags, withTags } from "./tagSet.js";

/**
 * Applies one event to a state and returns the next state; never mutates its input, so a state
 * can be cached and shared. Facts are applied idempotently: recording one twice changes nothing.
 * @example const state = events.reduce(evolve, initialCustomerState);
 */
export const evolve = (state: CustomerState, event: CustomerEvent): CustomerState => {
  switch (event.type) {
    case "CustomerCreated": {
      const { customerId, emailMarketingConsent, smsMarketingConsent, ...profile } = event.data;
      return {
        ...state,
        ...profile,
        id: customerId,
        status: "active",
        emailConsent: emailMarketingConsent,
        smsConsent: smsMarketingConsent,
      };
    }
    case "CustomerUpdated": {
      const next = { ...state, ...event.data };
      // Consent belongs to an address: with no email (or phone) left there is nobody to market to.
      if (event.data.email === null) next.emailConsent = notSubscribed;
      if (event.data.phone === null) next.smsConsent = notSubscribed;
      return next;
    }
    case "CustomerTagged":
      return { ...state, tags: withTags(state.tags, event.data.tags) };
    case "CustomerUntagged":
      return { ...state, tags: withoutTags(state.tags, event.data.tags) };
    case "CustomerNoted":
      return { ...state, note: event.data.note };
    case "AddressAdded":
      return {
        ...state,
        addresses: [...state.addresses, event.data.address],
        defaultAddressId: state.defaultAddressId ?? event.data.address.addressId,
      };
    case "AddressUpdated":
      return {
        ...state,
        addresses: state.addresses.map((address) =>
          address.addressId === event.data.address.addressId ? event.data.address : address,
        ),
      };
    case "AddressRemoved": {
      const addresses = state.addresses.filter((a) => a.addressId !== event.data.addressId);
      const defaultAddressId =
        state.defaultAddressId === event.data.addressId
          ? (addresses[0]?.addressId ?? null)
          : state.defaultAddressId;
      return { ...state, addresses, defaultAddressId };
    }
    case "DefaultAddressSet":
      return { ...state, defaultAddressId: event.data.addressId };
    case "EmailMarketingConsentUpdated":
      return { ...state, emailConsent: event.data };
    case "SmsMarketingConsentUpdated":
      return { ...state, smsConsent: event.data };
    case "OrderRecorded":
      if (state.orders.some((o) => o.orderId === event.data.orderId)) return state;
      return { ...state, orders: [...state.orders, event.data] };
    case "CheckoutAbandoned":
      if (state.checkouts.some((c) => c.checkoutId === event.data.checkoutId)) return state;
      return { ...state, checkouts: [...state.checkouts, event.data] };
    case "SubscriptionStarted":
    case "SubscriptionEnded": {
      const status = event.type === "SubscriptionStarted" ? "active" : "ended";
      const others = state.subscriptions.filter((s) => s.contractId !== event.data.contractId);
      return {
        ...state,
        subscriptions: [...others, { contractId: event.data.contractId, status }],
      };
    }
    case "PaymentMethodStored": {
      const id = event.data.paymentMethodId;
      const others = state.paymentMethods.filter((p) => p.paymentMethodId !== id);
      return { ...state, paymentMethods: [...others, event.data] };
    }
    case "GiftCardScheduled":
    case "GiftCardDelivered": {
      const status = event.type === "GiftCardScheduled" ? "scheduled" : "delivered";
      const others = state.giftCards.filter((g) => g.giftCardId !== event.data.giftCardId);
      return { ...state, giftCards: [...others, { giftCardId: event.data.giftCardId, status }] };
    }
    case "StoreCreditAccountOpened":
      return { ...state, storeCreditAccountId: event.data.storeCreditAccountId };
    case "CompanyContactLinked":
      return { ...state, companyId: event.data.companyId };
    case "MultipassIdentifierSet":
      return { ...state, multipassIdentifier: event.data.multipassIdentifier };
    case "AccountStateChanged":
      return { ...state, accountState: event.data.accountState };
    case "RedactionRequested":
      return {
        ...state,
        redactionPending: { requestedBy: event.data.requestedBy, dueAt: event.data.dueAt },
      };
    case "RedactionCancelled":
      return { ...state, redactionPending: null };
    case "CustomerRedacted":
      return { ...withoutPersonalData(state), status: "redacted", redactionPending: null };
    case "CustomerDeleted":
      return { ...withoutPersonalData(state), status: "deleted" };
    case "CustomerMergedInto":
      return { ...state, status: "merged", mergedInto: event.data.survivorId };
    case "EmailSent":
    case "PaymentMethodUpdateEmailSent": {
      if (state.emails.some((e) => e.emailId === event.data.emailId)) return state;
      const sent: SentEmail = {
        ...event.data,
        paymentMethodId: event.type === "EmailSent" ? null : event.data.paymentMethodId,
        status: "pending",
        failureReason: null,
      };
      return { ...state, emails: [...state.emails, sent] };
    }
    case "EmailDelivered":
    case "EmailDeliveryFailed": {
      const failed = event.type === "EmailDeliveryFailed";
      return {
        ...state,
        emails: state.emails.map((e) =>
          e.emailId === event.data.emailId && e.status === "pending"
            ? {
                ...e,
                status: failed ? "failed" : "delivered",
                failureReason: failed ? event.data.reason : null,
              }
            : e,
        ),
      };
    }
    case "PaymentMethodReplaced": {
      const { paymentMethodId, replacement } = event.data;
      const gone = new Set([paymentMethodId, replacement.paymentMethodId]);
      const others = state.paymentMethods.filter((p) => !gone.has(p.paymentMethodId));
      return { ...state, paymentMethods: [...others, replacement] };
    }
    case "PaymentMethodRemoved":
      return {
        ...state,
        paymentMethods: state.paymentMethods.filter(
          (p) => p.paymentMethodId !== event.data.paymentMethodId,
        ),
      };
  }
};
