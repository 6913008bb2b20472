import type { CustomerAddress } from "../customer/address.js";
import type { Consent, CustomerState } from "../customer/state.js";
import { ClienteleError } from "../errors.js";
import { type Principal, systemPrincipal } from "../handling/authorize.js";
import { mergedAwayPrincipal } from "./customerPrincipal.js";

/**
 * The profile as its customer sees it: what they gave and what they bought. Never the staff
 * note, tags, payment credentials, merges or anything else staff keep about them.
 */
export interface OwnProfile {
  customerId: string;
  revision: number;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
  addresses: readonly CustomerAddress[];
  defaultAddressId: string | null;
  emailMarketingConsent: Consent;
  smsMarketingConsent: Consent;
  orders: ReadonlyArray<{ orderId: string; placedAt: string; total: string; currency: string }>;
  /** A pending erasure, and whether the customer asked for it (then they may cancel it). */
  erasure: { dueAt: string; requestedByCustomer: boolean } | null;
}

/** The one call a customer-facing read needs: staff reads go through `customers.load`. */
export interface ProfileLoader {
  load(
    customerId: string,
    principal: Principal,
  ): Promise<{ state: CustomerState; revision: number }>;
}

const reader = systemPrincipal("customer self-service read");

/**
 * Reads the signed-in customer's own profile. Any other principal is FORBIDDEN (staff read with
 * `customers.load`); a principal of a merged-away profile is told the survivor's id.
 *
 * @example const me = await readOwnProfile(customers, customerPrincipal(id)); // no note, no tags
 */
export const readOwnProfile = async (
  customers: ProfileLoader,
  principal: Principal,
): Promise<OwnProfile> => {
  const { actor } = principal;
  if (actor.kind !== "customer")
    throw new ClienteleError(
      "FORBIDDEN",
      "readOwnProfile is the customer's own read; staff read profiles with customers.load.",
      { command: "ReadOwnProfile", actor },
    );
  const { state, revision } = await customers.load(actor.customerId, reader);
  if (state.status === "merged" && state.mergedInto)
    throw mergedAwayPrincipal(principal, state.mergedInto);
  if (state.status === "deleted" || state.status === "redacted")
    throw new ClienteleError(
      state.status === "deleted" ? "CUSTOMER_DELETED" : "CUSTOMER_REDACTED",
      `Customer ${actor.customerId} was ${state.status}; there is no profile to show.`,
      { customerId: actor.customerId },
    );
  const pending = state.redactionPending;
  return {
    customerId: actor.customerId,
    revision,
    firstName: state.firstName,
    lastName: state.lastName,
    email: state.email,
    phone: state.phone,
    locale: state.locale,
    addresses: state.addresses,
    defaultAddressId: state.defaultAddressId,
    emailMarketingConsent: state.emailConsent,
    smsMarketingConsent: state.smsConsent,
    orders: state.orders.map(({ orderId, placedAt, total, currency }) => ({
      orderId,
      placedAt,
      total,
      currency,
    })),
    erasure: pending
      ? {
          dueAt: pending.dueAt,
          requestedByCustomer:
            pending.requestedBy.kind === "customer" &&
            pending.requestedBy.customerId === actor.customerId,
        }
      : null,
  };
};
