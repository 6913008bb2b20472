import { ClienteleError } from "../../errors.js";
import type { CustomerEvent } from "../events/index.js";
import type { CustomerState } from "../state.js";

export type DeletionBlocker =
  | "HAS_ORDERS"
  | "PENDING_REDACTION"
  | "HAS_SUBSCRIPTION"
  | "PENDING_GIFT_CARD";

/**
 * Every reason the profile may not be deleted now (customers.md, "Delete"), empty when it may.
 * Order history and subscriptions are the merchant's records; a pending erasure has its own
 * timetable; a scheduled gift card still has to reach this recipient.
 * @example deletionBlockers(state) // ["HAS_ORDERS", "PENDING_GIFT_CARD"]
 */
export const deletionBlockers = (state: CustomerState): DeletionBlocker[] => {
  const blockers: DeletionBlocker[] = [];
  if (state.orders.length > 0) blockers.push("HAS_ORDERS");
  if (state.redactionPending) blockers.push("PENDING_REDACTION");
  // Active or ended: a past contract is still billing history.
  if (state.subscriptions.length > 0) blockers.push("HAS_SUBSCRIPTION");
  if (state.giftCards.some((card) => card.status === "scheduled")) {
    blockers.push("PENDING_GIFT_CARD");
  }
  return blockers;
};

export const decideDeleteCustomer = (state: CustomerState): CustomerEvent[] => {
  const reasons = deletionBlockers(state);
  if (reasons.length > 0) {
    throw new ClienteleError(
      "DELETE_BLOCKED",
      `Customer ${state.id} cannot be deleted: ${reasons.join(", ")}.`,
      { customerId: state.id, reasons },
    );
  }
  return [{ type: "CustomerDeleted", data: {} }];
};
