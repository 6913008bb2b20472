/** The events of a saved segment's stream, `clientele-segment-<id>`. */
export interface SegmentCreated {
  type: "SegmentCreated";
  data: { segmentId: string; name: string; query: string };
}
/** Name and query as they are after the change (both, so a reader needs only the last event). */
export interface SegmentUpdated {
  type: "SegmentUpdated";
  data: { segmentId: string; name: string; query: string };
}
export interface SegmentDeleted {
  type: "SegmentDeleted";
  data: { segmentId: string };
}
export type SegmentEvent = SegmentCreated | SegmentUpdated | SegmentDeleted;

/**
 * The notifications of a membership stream, `clientele-segmentmembers-<id>`: one event per
 * customer, in the order membership changed. A subscriber acts on each (add to an audience,
 * send a welcome) and keeps its checkpoint; it never sees a customer join twice in a row.
 */
export interface CustomerJoinedSegment {
  type: "CustomerJoinedSegment";
  data: { segmentId: string; customerId: string };
}
export interface CustomerLeftSegment {
  type: "CustomerLeftSegment";
  data: { segmentId: string; customerId: string };
}
export type MembershipEvent = CustomerJoinedSegment | CustomerLeftSegment;
