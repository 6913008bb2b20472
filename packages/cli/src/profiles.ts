import {
  type CustomerEvent,
  type CustomerState,
  customerStreamPrefix,
  type EventStore,
  evolve,
  initialCustomerState,
  isSnapshotStream,
} from "@clientele/core";
import type { SegmentProfile } from "@clientele/segments";

/** A profile as the CLI's in-memory read model keeps it. */
export interface ProfileEntry {
  state: CustomerState;
  /** When the profile was created (its first event). */
  addedAt: string;
  /** Global position of the last event folded in. */
  position: bigint;
}

export interface Profiles {
  byId: Map<string, ProfileEntry>;
  /** Events folded, and the store's last position seen. */
  events: number;
  position: bigint;
  millis: number;
}

const pageSize = 5_000;

/**
 * The in-memory read model the CLI builds on start when no `--redis` is given: every customer
 * stream folded into its state, read from the store a page at a time.
 */
export const loadProfiles = async (store: EventStore): Promise<Profiles> => {
  const startedAt = performance.now();
  const byId = new Map<string, ProfileEntry>();
  let after: bigint | undefined;
  let events = 0;
  for (;;) {
    const page = await store.readAll({
      ...(after === undefined ? {} : { after }),
      maxCount: pageSize,
      filter: { streamPrefixes: [customerStreamPrefix] },
    });
    for (const event of page) {
      after = event.position;
      if (isSnapshotStream(event.streamName)) continue;
      events++;
      const id = event.streamName.slice(customerStreamPrefix.length);
      const entry = byId.get(id) ?? {
        state: initialCustomerState,
        addedAt: event.metadata.occurredAt,
        position: 0n,
      };
      entry.state = evolve(entry.state, { type: event.type, data: event.data } as CustomerEvent);
      entry.position = event.position;
      byId.set(id, entry);
    }
    if (page.length < pageSize) break;
  }
  return { byId, events, position: after ?? 0n, millis: performance.now() - startedAt };
};

/** Profiles a person can still find: not merged away, redacted or deleted. */
export const isListed = (entry: ProfileEntry): boolean => entry.state.status === "active";

const amountOf = (state: CustomerState) =>
  state.orders.reduce((sum, order) => sum + Number(order.total), 0);

/** The flat profile the segment language evaluates. */
export const segmentProfileOf = (id: string, entry: ProfileEntry): SegmentProfile => {
  const { state } = entry;
  const placed = state.orders.map((order) => order.placedAt).sort();
  const checkouts = state.checkouts.map((checkout) => checkout.abandonedAt).sort();
  const at = state.email?.lastIndexOf("@") ?? -1;
  const optional = {
    firstOrderAt: placed[0],
    lastOrderAt: placed.at(-1),
    lastAbandonedCheckoutAt: checkouts.at(-1),
    emailDomain: state.email && at > 0 ? state.email.slice(at + 1) : undefined,
    language: state.locale ?? undefined,
  };
  return {
    id,
    tags: state.tags,
    amountSpent: amountOf(state),
    numberOfOrders: state.orders.length,
    customerAddedAt: entry.addedAt,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
    emailSubscriptionStatus: state.emailConsent.state as SegmentProfile["emailSubscriptionStatus"],
    smsSubscriptionStatus: state.smsConsent.state as SegmentProfile["smsSubscriptionStatus"],
    accountStatus: state.accountState as SegmentProfile["accountStatus"],
    countries: state.addresses.map((address) => address.countryCode),
    regions: state.addresses
      .filter((address) => address.provinceCode)
      .map((address) => `${address.countryCode}-${address.provinceCode}`),
    cities: state.addresses.map(
      (address) =>
        `${address.countryCode}-${address.provinceCode ?? ""}-${address.city.replaceAll(" ", "")}`,
    ),
    purchases: state.orders.flatMap((order) =>
      order.lineItems.map((item) => ({ productId: item.productId, at: order.placedAt })),
    ),
  };
};
