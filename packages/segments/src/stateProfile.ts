import { type CustomerState, canonicalProductId } from "@clientele/core";
import { amountScale, amountUnits, placeNames } from "@clientele/projections";
import type { AccountStatus, ConsentState, SegmentProfile } from "./profile.js";

const latest = (instants: readonly string[]): string | undefined =>
  instants.reduce<string | undefined>(
    (best, at) => (best === undefined || Date.parse(at) > Date.parse(best) ? at : best),
    undefined,
  );
const earliest = (instants: readonly string[]): string | undefined =>
  instants.reduce<string | undefined>(
    (best, at) => (best === undefined || Date.parse(at) < Date.parse(best) ? at : best),
    undefined,
  );

/**
 * A profile as segments see it, computed from the decider's state rather than from a read model:
 * what the reference evaluator needs to check an index's answer against the event store itself
 * (an analyst's or auditor's cross-check). `customerAddedAt` is when the profile was born, which
 * the state does not keep (the first event's `occurredAt`).
 *
 * @example filterProfiles(query, states.map((s) => segmentProfileOf(s, { customerAddedAt })), context)
 */
export const segmentProfileOf = (
  state: CustomerState,
  { customerAddedAt }: { customerAddedAt: string },
): SegmentProfile => {
  const places = state.addresses.map(placeNames);
  const placed = state.orders.map((order) => order.placedAt);
  const units = state.orders.reduce((sum, order) => sum + amountUnits(order.total), 0);
  const at = state.email?.lastIndexOf("@") ?? -1;
  const optional = {
    firstOrderAt: earliest(placed),
    lastOrderAt: latest(placed),
    lastAbandonedCheckoutAt: latest(state.checkouts.map((checkout) => checkout.abandonedAt)),
    emailDomain: state.email && at >= 0 ? state.email.slice(at + 1) : undefined,
    language: state.locale ?? undefined,
  };
  return {
    id: state.id ?? "",
    tags: state.tags,
    amountSpent: units / amountScale,
    numberOfOrders: state.orders.length,
    customerAddedAt,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
    emailSubscriptionStatus: state.emailConsent.state as ConsentState,
    smsSubscriptionStatus: state.smsConsent.state as ConsentState,
    accountStatus: state.accountState as AccountStatus,
    countries: [...new Set(places.map((place) => place.country))],
    regions: [...new Set(places.flatMap((place) => (place.region ? [place.region] : [])))],
    cities: [...new Set(places.map((place) => place.city))],
    purchases: state.orders.flatMap((order) =>
      order.lineItems.map((line) => ({
        productId: canonicalProductId(line.productId),
        at: order.placedAt,
      })),
    ),
  };
};
