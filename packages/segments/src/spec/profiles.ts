import { fixedClock } from "@clientele/core";
import type { SegmentProfile } from "../profile.js";
import { referenceSegmentReader } from "../referenceSegmentReader.js";

/** A customer with no orders, tags or addresses; override what a test is about. */
export const profileOf = (id: string, overrides: Partial<SegmentProfile> = {}): SegmentProfile => ({
  id,
  tags: [],
  amountSpent: 0,
  numberOfOrders: 0,
  customerAddedAt: "2024-01-01T12:00:00Z",
  emailSubscriptionStatus: "NOT_SUBSCRIBED",
  smsSubscriptionStatus: "NOT_SUBSCRIBED",
  accountStatus: "ENABLED",
  countries: [],
  regions: [],
  cities: [],
  purchases: [],
  ...overrides,
});

export const timeZone = "Europe/Paris";

/**
 * Profiles a test edits in place, a clock it moves, and the reference reader over both: what
 * the directory read model and an index-backed reader are in production.
 */
export const profileBook = (start = "2026-03-01T10:00:00.000Z") => {
  const profiles = new Map<string, SegmentProfile>();
  const clock = fixedClock(start);
  const reader = referenceSegmentReader(
    () => profiles.values(),
    () => ({ timeZone, now: clock.now() }),
  );
  const put = (...list: SegmentProfile[]) => {
    for (const profile of list) profiles.set(profile.id, profile);
  };
  return { profiles, clock, reader, put };
};
