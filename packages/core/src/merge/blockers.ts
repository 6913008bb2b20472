import { maxAddresses } from "../customer/rules/addresses.js";
import { maxNoteLength } from "../customer/rules/notes.js";
import { maxTags } from "../customer/rules/tags.js";
import type { CustomerState } from "../customer/state.js";
import { ClienteleError } from "../errors.js";
import { combinedAddresses, combinedNote, combinedTags } from "./combine.js";

/** Every reason customers.md gives for refusing a merge, plus TOO_MANY_ADDRESSES (docs/privacy.md). */
export type MergeBlockerReason =
  | "SAME_CUSTOMER"
  | "NOTE_TOO_LONG"
  | "TOO_MANY_TAGS"
  | "TOO_MANY_ADDRESSES"
  | "SUBSCRIPTIONS"
  | "COMPANY_CONTACT"
  | "CUSTOMER_PAYMENT_METHODS"
  | "STORE_CREDIT"
  | "MULTIPASS_IDENTIFIER"
  | "DELETED"
  | "REDACTED"
  | "MERGE_IN_PROGRESS"
  | "PENDING_DATA_REQUEST"
  /** Only when a started merge is abandoned: the profile was merged elsewhere meanwhile. */
  | "ALREADY_MERGED";

/** One reason, and the profile it is about (absent when it is about the pair). */
export interface MergeBlocker {
  reason: MergeBlockerReason;
  customerId?: string;
}

/** What one profile brings that forbids merging it, whatever the other one is. */
const profileBlockers = (
  state: CustomerState,
  mergeId: string | undefined,
): MergeBlockerReason[] => {
  const reasons: MergeBlockerReason[] = [];
  // A subscription's billing, a company's B2B orders, stored credentials and store credit are tied
  // to one customer record elsewhere; moving them silently would break those systems (Shopify).
  if (state.subscriptions.length > 0) reasons.push("SUBSCRIPTIONS");
  if (state.companyId !== null) reasons.push("COMPANY_CONTACT");
  if (state.paymentMethods.some((method) => method.hasSubscriptionCredential)) {
    reasons.push("CUSTOMER_PAYMENT_METHODS");
  }
  if (state.storeCreditAccountId !== null) reasons.push("STORE_CREDIT");
  if (state.multipassIdentifier !== null) reasons.push("MULTIPASS_IDENTIFIER");
  if (state.status === "deleted") reasons.push("DELETED");
  if (state.status === "merged") reasons.push("ALREADY_MERGED");
  if (state.status === "redacted" || state.redactionPending) reasons.push("REDACTED");
  if (state.mergeInProgress && state.mergeInProgress.mergeId !== mergeId) {
    reasons.push("MERGE_IN_PROGRESS");
  }
  if (state.dataRequest) reasons.push("PENDING_DATA_REQUEST");
  return reasons;
};

/**
 * Every reason `first` and `second` may not be merged, all at once; empty when they may.
 * `mergeId` names the merge asking, whose own "merge in progress" mark is no obstacle to itself.
 * A profile paired with itself is SAME_CUSTOMER plus whatever it brings (once, not twice), so the
 * caller learns every reason in one go; the combined limits mean nothing for a pair of one.
 * @example mergeBlockers(a, a) // [{ reason: "SAME_CUSTOMER" }]
 */
export const mergeBlockers = (
  first: CustomerState,
  second: CustomerState,
  mergeId?: string,
): MergeBlocker[] => {
  const about = (state: CustomerState) => (reason: MergeBlockerReason) => ({
    reason,
    customerId: state.id ?? "",
  });
  if (first.id === second.id) {
    return [{ reason: "SAME_CUSTOMER" }, ...profileBlockers(first, mergeId).map(about(first))];
  }
  const blockers: MergeBlocker[] = [];
  if (combinedNote(first, second).length > maxNoteLength)
    blockers.push({ reason: "NOTE_TOO_LONG" });
  if (combinedTags(first, second).length > maxTags) blockers.push({ reason: "TOO_MANY_TAGS" });
  if (combinedAddresses(first, second).length > maxAddresses) {
    blockers.push({ reason: "TOO_MANY_ADDRESSES" });
  }
  for (const state of [first, second]) {
    blockers.push(...profileBlockers(state, mergeId).map(about(state)));
  }
  return blockers;
};

/** MERGE_BLOCKED listing every reason, each with the profile it concerns. */
export const mergeBlocked = (
  customerIds: readonly string[],
  blockers: readonly MergeBlocker[],
): ClienteleError => {
  const reasons = [...new Set(blockers.map((blocker) => blocker.reason))];
  const listed = blockers
    .map((b) => (b.customerId ? `${b.reason} (${b.customerId})` : b.reason))
    .join(", ");
  return new ClienteleError(
    "MERGE_BLOCKED",
    `Customers ${customerIds.join(" and ")} cannot be merged: ${listed}. Resolve these first (see docs/privacy.md, "Merging profiles").`,
    { customerIds, reasons, blockers },
  );
};
