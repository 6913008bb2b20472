import type { EventStore, Subscription } from "@clientele/core";
import { membershipStreamPrefix } from "./streams.js";

/** A customer entering or leaving a saved segment, as a subscriber receives it. */
export interface MembershipNotification {
  type: "CustomerJoinedSegment" | "CustomerLeftSegment";
  segmentId: string;
  customerId: string;
  /** The event's global position: store it as the subscriber's checkpoint. */
  position: bigint;
  occurredAt: string;
}

/**
 * Delivers every CustomerJoinedSegment / CustomerLeftSegment after `after`, in order, through the
 * store's ordinary subscription (at-least-once: keep the checkpoint with what the handler does).
 *
 * @example
 * subscribeToMembership(store, async (n) => {
 *   if (n.type === "CustomerJoinedSegment") await audience.add(n.segmentId, n.customerId);
 *   await checkpoints.save(n.position);
 * }, { after: await checkpoints.load() });
 */
export const subscribeToMembership = (
  store: EventStore,
  handler: (notification: MembershipNotification) => Promise<void> | void,
  options: { after?: bigint } = {},
): Subscription =>
  store.subscribe(
    { ...options, filter: { streamPrefixes: [membershipStreamPrefix] } },
    async (event) => {
      if (event.type !== "CustomerJoinedSegment" && event.type !== "CustomerLeftSegment") return;
      await handler({
        type: event.type,
        segmentId: String(event.data.segmentId),
        customerId: String(event.data.customerId),
        position: event.position,
        occurredAt: event.metadata.occurredAt,
      });
    },
  );
