import { customerStreamPrefix, describeActor, type RecordedEvent } from "@clientele/core";
import type { Projection } from "../projection.js";

/** One line of a customer's history: what happened, when, and who did it; never the data. */
export interface TimelineEntry {
  position: string;
  revision: number;
  type: string;
  occurredAt: string;
  actor: string;
}

/** View keys of the timeline, relative to the projection version. */
export const timelineKeys = {
  /** Sorted set of JSON `TimelineEntry` members scored by global position (oldest first). */
  customer: (customerId: string) => `timeline:${customerId}`,
};

const entry = (event: RecordedEvent): string =>
  JSON.stringify({
    position: String(event.position),
    revision: event.revision,
    type: event.type,
    occurredAt: event.metadata.occurredAt,
    actor: describeActor(event.metadata.actor),
  } satisfies TimelineEntry);

/** Parses members read with ZRANGE back into entries. */
export const parseTimeline = (members: readonly string[]): TimelineEntry[] =>
  members.map((member) => JSON.parse(member) as TimelineEntry);

/**
 * Each customer's activity feed. Entries carry no event data, so nothing here needs shredding
 * when a customer is deleted or redacted: the audit trail of who did what stays readable. A
 * page reads `ZRANGE timeline:<id> <from> <to> BYSCORE LIMIT ...`; details come from the stream.
 *
 * @example
 * await startProjector({ store, readModel, projection: timeline });
 */
export const timeline: Projection = {
  name: "timeline",
  version: 1,
  streamPrefixes: [customerStreamPrefix],
  apply(event, view) {
    const customerId = event.streamName.slice(customerStreamPrefix.length);
    view.addToSortedSet(timelineKeys.customer(customerId), entry(event), Number(event.position));
  },
};
