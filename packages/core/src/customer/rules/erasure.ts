import type { Actor } from "../../actor.js";
import { ClienteleError } from "../../errors.js";
import type { CustomerEvent } from "../events/index.js";
import type { CustomerState } from "../state.js";

/** How long an erasure waits (privacy.md); a store may configure both. */
export interface ErasurePeriods {
  /** Wait after the request when the customer placed no order within `afterLastOrderMonths`. Default 10. */
  withoutRecentOrderDays: number;
  /** Wait after the last order when there was one recently (chargebacks, returns). Default 6. */
  afterLastOrderMonths: number;
}

/** Shopify's periods: 10 days, or 6 months after a recent order. */
export const defaultErasurePeriods: ErasurePeriods = {
  withoutRecentOrderDays: 10,
  afterLastOrderMonths: 6,
};

const dayMs = 86_400_000;

/**
 * Calendar months in UTC; a day the target month lacks clamps to its last day.
 * @example addMonths(new Date("2025-08-31T00:00:00Z"), 6) // 2026-02-28T00:00:00.000Z
 */
export const addMonths = (date: Date, months: number): Date => {
  const target = new Date(date);
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return target;
};

/**
 * When an erasure requested at `now` falls due: `withoutRecentOrderDays` after the request if the
 * customer placed no order in the last `afterLastOrderMonths`, else that long after the last order.
 * It never moves earlier as time passes or orders arrive, which the erasure schedule relies on.
 * @example erasureDueAt([], new Date("2026-01-01T00:00:00Z")) // 2026-01-11T00:00:00.000Z
 */
export const erasureDueAt = (
  orders: readonly { placedAt: string }[],
  now: Date,
  periods: ErasurePeriods = defaultErasurePeriods,
): Date => {
  const soon = new Date(now.getTime() + periods.withoutRecentOrderDays * dayMs);
  const last = Math.max(...orders.map((order) => Date.parse(order.placedAt)));
  if (!Number.isFinite(last)) return soon;
  const afterLastOrder = addMonths(new Date(last), periods.afterLastOrderMonths);
  return afterLastOrder > now && afterLastOrder > soon ? afterLastOrder : soon;
};

/**
 * Whether `actor` is the one who asked. Staff and customers are people, compared by id; the
 * system is one requester whatever reason it gave (a webhook retried with another wording).
 * @example sameRequester({ kind: "staff", staffId: "anna" }, { kind: "staff", staffId: "marc" }) // false
 */
export const sameRequester = (a: Actor, b: Actor): boolean => {
  if (a.kind === "staff" && b.kind === "staff") return a.staffId === b.staffId;
  if (a.kind === "customer" && b.kind === "customer") return a.customerId === b.customerId;
  return a.kind === "system" && b.kind === "system";
};

/**
 * Asking again while a request is pending changes nothing: the first due date stands.
 * @example decideRequestDataErasure(state, { now, actor }) // [{ type: "RedactionRequested", ... }]
 */
export const decideRequestDataErasure = (
  state: CustomerState,
  context: { now: Date; actor: Actor; erasurePeriods?: ErasurePeriods | undefined },
): CustomerEvent[] => {
  if (state.redactionPending) return [];
  const dueAt = erasureDueAt(state.orders, context.now, context.erasurePeriods);
  return [
    {
      type: "RedactionRequested",
      data: {
        requestedBy: context.actor,
        requestedAt: context.now.toISOString(),
        dueAt: dueAt.toISOString(),
      },
    },
  ];
};

const notRequested = (state: CustomerState) =>
  new ClienteleError(
    "REDACTION_NOT_REQUESTED",
    `Customer ${state.id} has no pending erasure request; there is nothing to cancel or carry out.`,
    { customerId: state.id },
  );

/** Only the requester cancels; REDACTION_NOT_REQUESTED when nothing is pending. */
export const decideCancelDataErasure = (state: CustomerState, actor: Actor): CustomerEvent[] => {
  const pending = state.redactionPending;
  if (!pending) throw notRequested(state);
  if (!sameRequester(pending.requestedBy, actor)) {
    throw new ClienteleError(
      "UNAUTHORIZED_CANCELLATION",
      `Only the requester of customer ${state.id}'s erasure may cancel it; ask them to.`,
      { customerId: state.id, requestedBy: pending.requestedBy },
    );
  }
  return [{ type: "RedactionCancelled", data: { cancelledBy: actor } }];
};

/** Carries out a pending request once due; REDACTION_NOT_DUE before. */
export const decideRedactCustomer = (state: CustomerState, now: Date): CustomerEvent[] => {
  const pending = state.redactionPending;
  if (!pending) throw notRequested(state);
  if (Date.parse(pending.dueAt) > now.getTime()) {
    throw new ClienteleError(
      "REDACTION_NOT_DUE",
      `Customer ${state.id}'s erasure is due at ${pending.dueAt}; it cannot be carried out before.`,
      { customerId: state.id, dueAt: pending.dueAt },
    );
  }
  return [{ type: "CustomerRedacted", data: {} }];
};
