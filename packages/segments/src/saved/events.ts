import { z } from "zod";

const segmentId = z.string().min(1);
const definition = z.object({ segmentId, name: z.string().min(1), query: z.string().min(1) });

/**
 * The events of a saved segment's stream, `clientele-segment-<id>`. SegmentUpdated carries the
 * name and query as they are after the change (both), so a reader needs only the last one.
 * @example segmentEventSchema.parse({ type: "SegmentDeleted", data: { segmentId: "seg_1" } })
 */
export const segmentEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("SegmentCreated"), data: definition }),
  z.object({ type: z.literal("SegmentUpdated"), data: definition }),
  z.object({ type: z.literal("SegmentDeleted"), data: z.object({ segmentId }) }),
]);
export type SegmentEvent = z.infer<typeof segmentEventSchema>;

const membership = z.object({ segmentId, customerId: z.string().min(1) });

/**
 * The notifications of a membership stream, `clientele-segmentmembers-<id>`: one event per
 * customer, in the order membership changed. A subscriber never sees a customer join twice in a
 * row.
 * @example membershipEventSchema.parse({ type: "CustomerJoinedSegment", data: { segmentId: "seg_1", customerId: "cus_1" } })
 */
export const membershipEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("CustomerJoinedSegment"), data: membership }),
  z.object({ type: z.literal("CustomerLeftSegment"), data: membership }),
]);
export type MembershipEvent = z.infer<typeof membershipEventSchema>;
