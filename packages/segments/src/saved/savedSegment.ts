import { parseOrThrow, type RecordedEvent } from "@clientele/core";
import { segmentEventSchema } from "./events.js";

/** A saved segment as its stream tells it. */
export interface SavedSegment {
  segmentId: string;
  name: string;
  /** The query text as the analyst typed it; it parsed when it was saved. */
  query: string;
  deleted: boolean;
  /** The stream's revision: what an update expects. */
  revision: number;
  createdAt: string;
  updatedAt: string;
}

/** Folds a segment's stream; undefined when there is no such segment. */
export const foldSavedSegment = (events: readonly RecordedEvent[]): SavedSegment | undefined => {
  let segment: SavedSegment | undefined;
  for (const recorded of events) {
    const at = recorded.metadata.occurredAt;
    const event = parseOrThrow(
      segmentEventSchema,
      recorded,
      `event ${recorded.streamName}@${recorded.revision}`,
    );
    if (event.type === "SegmentCreated") {
      segment = {
        ...event.data,
        deleted: false,
        revision: recorded.revision,
        createdAt: at,
        updatedAt: at,
      };
    } else if (segment) {
      if (event.type === "SegmentUpdated") {
        segment.name = event.data.name;
        segment.query = event.data.query;
      }
      if (event.type === "SegmentDeleted") segment.deleted = true;
      segment.revision = recorded.revision;
      segment.updatedAt = at;
    }
  }
  return segment;
};

/** Every saved segment from a read of the definitions' prefix (any streams, in global order). */
export const foldSavedSegments = (events: readonly RecordedEvent[]): SavedSegment[] => {
  const byStream = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    const stream = byStream.get(event.streamName) ?? [];
    stream.push(event);
    byStream.set(event.streamName, stream);
  }
  return [...byStream.values()].flatMap((stream) => foldSavedSegment(stream) ?? []);
};
