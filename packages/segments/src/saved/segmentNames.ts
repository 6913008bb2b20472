import {
  type Cause,
  type Clock,
  type EventStore,
  type EventToAppend,
  eventOf,
  isClienteleError,
  type RecordedEvent,
} from "@clientele/core";
import { segmentNameTaken } from "./errors.js";
import { segmentNameStreamName } from "./streams.js";

/** Unique segment names, one reservation stream per name. */
export interface SegmentNames {
  /** Claims `name` for `segmentId`, or throws SEGMENT_NAME_TAKEN naming the segment using it. */
  reserve(name: string, segmentId: string, cause: Cause): Promise<void>;
  /** Frees `name` if `segmentId` holds it; a no-op otherwise. */
  release(name: string, segmentId: string, cause: Cause): Promise<void>;
}

export interface SegmentNamesOptions {
  store: EventStore;
  clock: Clock;
  /** Whether `segmentId` is live and still named `name`: a holder that is not may be reclaimed. */
  holds(segmentId: string, name: string): Promise<boolean>;
  /** How old an abandoned reservation must be before another segment may take the name. */
  graceMs: number;
}

interface Holding {
  revision: number;
  segmentId?: string;
  reservedAt?: string;
}

const holdingOf = (events: readonly RecordedEvent[]): Holding => {
  const last = events.at(-1);
  if (last?.type !== "SegmentNameReserved") return { revision: last?.revision ?? -1 };
  return {
    revision: last.revision,
    segmentId: String(last.data.segmentId),
    reservedAt: last.metadata.occurredAt,
  };
};

/**
 * Unique names without a global lock, as core's email reservations do it: each name has its own
 * stream and the expected-revision append on it is the only arbiter, so two analysts saving
 * "VIP" at once cannot both win. (Core's reservations are keyed by a secret HMAC and report
 * EMAIL_TAKEN; names are not personal data and need their own error, hence this small twin.)
 *
 * A crash between reserving and writing the segment, or between renaming/deleting and
 * releasing, leaves a reservation whose holder no longer uses the name. It is reclaimed once
 * older than `graceMs`, so a create still in flight is never robbed.
 */
export const createSegmentNames = (options: SegmentNamesOptions): SegmentNames => {
  const { store, clock } = options;

  const appendAt = async (name: string, events: EventToAppend[], revision: number) => {
    try {
      await store.appendToStream(segmentNameStreamName(name), events, {
        expectedRevision: revision === -1 ? "no_stream" : revision,
      });
      return true;
    } catch (error) {
      if (isClienteleError(error, "CONCURRENCY_CONFLICT")) return false;
      throw error;
    }
  };

  const abandoned = async (name: string, holding: Holding) => {
    if (holding.segmentId === undefined || holding.reservedAt === undefined) return false;
    if (clock.now().getTime() - Date.parse(holding.reservedAt) < options.graceMs) return false;
    return !(await options.holds(holding.segmentId, name));
  };

  const read = async (name: string) =>
    holdingOf(await store.readStream(segmentNameStreamName(name)));

  return {
    async reserve(name, segmentId, cause) {
      for (;;) {
        const holding = await read(name);
        if (holding.segmentId === segmentId) return;
        const reserved = eventOf("SegmentNameReserved", { segmentId, name }, cause);
        if (holding.segmentId === undefined) {
          if (await appendAt(name, [reserved], holding.revision)) return;
          continue;
        }
        if (!(await abandoned(name, holding))) throw segmentNameTaken(name, holding.segmentId);
        const released = eventOf("SegmentNameReleased", { segmentId: holding.segmentId }, cause);
        if (await appendAt(name, [released, reserved], holding.revision)) return;
      }
    },

    async release(name, segmentId, cause) {
      for (;;) {
        const holding = await read(name);
        if (holding.segmentId !== segmentId) return;
        const released = eventOf("SegmentNameReleased", { segmentId }, cause);
        if (await appendAt(name, [released], holding.revision)) return;
      }
    },
  };
};
