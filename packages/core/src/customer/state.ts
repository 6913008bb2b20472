import type { Actor } from "../actor.js";
import type { CustomerAddress } from "./address.js";
import type { EventOf, OutgoingEmail } from "./events/index.js";
import type { AccountState, ConsentState, CustomerSource, OptInLevel } from "./vocabulary.js";

export type CustomerStatus = "none" | "active" | "merged" | "redacted" | "deleted";

export interface Consent {
  state: ConsentState;
  optInLevel: OptInLevel;
  consentUpdatedAt: string | null;
}

export type RecordedOrder = EventOf<"OrderRecorded">["data"];

export interface SubscriptionContract {
  contractId: string;
  status: "active" | "ended";
}

export interface GiftCard {
  giftCardId: string;
  status: "scheduled" | "delivered";
}

export type StoredPaymentMethod = EventOf<"PaymentMethodStored">["data"];

/** An email sent from the profile, with what became of it. `failed` is the flag staff see. */
export interface SentEmail extends OutgoingEmail {
  /** The payment method an update-link email was about; null for any other email. */
  paymentMethodId: string | null;
  status: "pending" | "delivered" | "failed";
  failureReason: string | null;
}
/** A merge this profile takes part in that has neither finished nor been abandoned. */
export type MergeInProgress = EventOf<"CustomerMergeStarted">["data"];

/**
 * One customer profile as the decider sees it. Everything the rules in `rules/` need and nothing
 * more; read models keep their own shapes.
 */
export interface CustomerState {
  id: string | null;
  status: CustomerStatus;
  /** The survivor's id once this profile was merged into another. */
  mergedInto: string | null;
  redactionPending: { requestedBy: Actor; dueAt: string } | null;
  /** Set from CustomerMergeStarted until the merge finishes or is abandoned: staff edits wait. */
  mergeInProgress: MergeInProgress | null;
  /** Profiles merged into this one, oldest first (their streams hold their own history). */
  absorbedIds: readonly string[];
  /** A customer data request being prepared; it blocks merging (PENDING_DATA_REQUEST). */
  dataRequest: EventOf<"DataRequestStarted">["data"] | null;
  source: CustomerSource | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
  taxExempt: boolean;
  taxExemptions: readonly string[];
  /** At most 250 (ADDRESS_LIMIT_EXCEEDED). */
  addresses: readonly CustomerAddress[];
  /** Points at one of `addresses`, or null when there are none. */
  defaultAddressId: string | null;
  /** At most 250, each at most 255 characters, unique ignoring case; first spelling kept. */
  tags: readonly string[];
  /** Staff-only, at most 5,000 characters; empty when there is none. */
  note: string;
  emailConsent: Consent;
  smsConsent: Consent;
  accountState: AccountState;
  orders: readonly RecordedOrder[];
  checkouts: readonly EventOf<"CheckoutAbandoned">["data"][];
  subscriptions: readonly SubscriptionContract[];
  paymentMethods: readonly StoredPaymentMethod[];
  giftCards: readonly GiftCard[];
  storeCreditAccountId: string | null;
  companyId: string | null;
  multipassIdentifier: string | null;
  /** Every email sent to the customer (or a copy to staff), oldest first. */
  emails: readonly SentEmail[];
}

/** Where consent starts, and where it returns when the email or phone it was given for is cleared. */
export const notSubscribed = {
  state: "NOT_SUBSCRIBED",
  optInLevel: "UNKNOWN",
  consentUpdatedAt: null,
} as const satisfies Consent;

/**
 * The state before the stream's first event: no profile yet.
 * @example evolve(initialCustomerState, event)
 */
export const initialCustomerState: CustomerState = {
  id: null,
  status: "none",
  mergedInto: null,
  redactionPending: null,
  mergeInProgress: null,
  absorbedIds: [],
  dataRequest: null,
  source: null,
  firstName: null,
  lastName: null,
  email: null,
  phone: null,
  locale: null,
  taxExempt: false,
  taxExemptions: [],
  addresses: [],
  defaultAddressId: null,
  tags: [],
  note: "",
  emailConsent: notSubscribed,
  smsConsent: notSubscribed,
  accountState: "DISABLED",
  orders: [],
  checkouts: [],
  subscriptions: [],
  paymentMethods: [],
  giftCards: [],
  storeCreditAccountId: null,
  companyId: null,
  multipassIdentifier: null,
  emails: [],
};
