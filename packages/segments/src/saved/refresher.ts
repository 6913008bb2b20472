import {
  type Clock,
  customerStreamPrefix,
  type EventStore,
  eventOf,
  isClienteleError,
  newId,
  type Subscription,
  systemClock,
} from "@clientele/core";
import { localDay } from "../dates.js";
import { parseSegmentQuery } from "../parser.js";
import { dependsOnToday } from "../relativeDates.js";
import type { SegmentReader } from "../segmentReader.js";
import {
  catchUpMembership,
  diffMembership,
  type Membership,
  type MembershipDiff,
} from "./membership.js";
import type { SavedSegment } from "./savedSegment.js";
import { listSavedSegments } from "./savedSegments.js";
import { membershipStreamName, segmentStreamPrefix } from "./streams.js";

export interface MembershipRefresherOptions {
  store: EventStore;
  /** Who is in each segment now; the same reader the analyst API uses. */
  reader: SegmentReader;
  /** The store's IANA time zone: relative dates move when its local day does. */
  timeZone: string;
  clock?: Clock;
  /** Ids read per page while diffing. Default 10,000. */
  pageSize?: number;
  /** Notifications per append. Default 1,000. */
  appendBatch?: number;
  /** How long to gather customer events into one refresh. Default 250 ms. */
  debounceMs?: number;
  /** How often `start` checks whether the local day changed. Default one minute. */
  tickMs?: number;
  /** A failed background refresh; it is retried on the next event or tick. Default: console.error. */
  onError?: (error: unknown) => void;
}

/** What one segment's refresh recorded. */
export interface RefreshReport {
  segmentId: string;
  joined: number;
  left: number;
}

export interface RunningRefresher {
  /** Stops listening and ticking; resolves once the refresh in flight, if any, has ended. */
  stop(): Promise<void>;
}

export interface MembershipRefresher {
  /** Recomputes every live saved segment (or those named) now and records the changes. */
  refresh(segmentIds?: readonly string[]): Promise<RefreshReport[]>;
  /**
   * Time passed: when the store's local day changed since the last full refresh or tick,
   * recomputes the segments whose query names a day relative to today (`-30d`, `today`).
   */
  tick(): Promise<RefreshReport[]>;
  /**
   * Keeps membership current in the background: a full refresh now (which is also how a
   * restart recovers), then a debounced refresh after customer events (every segment) and
   * segment changes (that segment), and a `tick` every `tickMs`.
   */
  start(options?: { after?: bigint }): RunningRefresher;
}

const maxAttempts = 5;

/**
 * Records CustomerJoinedSegment / CustomerLeftSegment as members change. The recorded
 * membership is the membership stream itself: a refresh reads it (from where it last stopped),
 * asks the reader who matches now, and appends the difference at the revision it read. So:
 * - a crash before the append loses nothing: the next refresh sees the same difference;
 * - a crash after it duplicates nothing: the next refresh reads those events and finds no
 *   difference;
 * - two refreshers racing on one segment cannot both write: the second append fails on its
 *   expected revision, and that refresher re-reads and recomputes.
 *
 * @example
 * const refresher = createMembershipRefresher({ store, reader, timeZone: "Europe/Paris" });
 * const running = refresher.start();
 * // ... on shutdown
 * await running.stop();
 */
export const createMembershipRefresher = (
  options: MembershipRefresherOptions,
): MembershipRefresher => {
  const { store, reader, timeZone } = options;
  const clock = options.clock ?? systemClock;
  const pageSize = options.pageSize ?? 10_000;
  const appendBatch = options.appendBatch ?? 1000;
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  const actor = { kind: "system" as const, reason: "segment membership" };
  const known = new Map<string, Membership>();
  let lastDay: string | undefined;

  const recorded = async (segmentId: string) => {
    const membership = known.get(segmentId) ?? { segmentId, revision: -1, members: new Set() };
    known.set(segmentId, membership);
    return catchUpMembership(store, membership);
  };

  const record = async (membership: Membership, diff: MembershipDiff, correlationId: string) => {
    const { segmentId } = membership;
    const changes = [
      ...diff.joined.map((customerId) => ["CustomerJoinedSegment", customerId] as const),
      ...diff.left.map((customerId) => ["CustomerLeftSegment", customerId] as const),
    ];
    // Events are made a batch at a time: a million joins need a million tuples, not a million
    // events with their metadata, in memory at once.
    for (let start = 0; start < changes.length; start += appendBatch) {
      const batch = changes.slice(start, start + appendBatch);
      const { revision } = membership;
      const written = await store.appendToStream(
        membershipStreamName(segmentId),
        batch.map(([type, customerId]) =>
          eventOf(type, { segmentId, customerId }, { actor, correlationId, at: clock.now() }),
        ),
        { expectedRevision: revision === -1 ? "no_stream" : revision },
      );
      membership.revision = written.nextExpectedRevision;
      for (const [type, customerId] of batch) {
        if (type === "CustomerJoinedSegment") membership.members.add(customerId);
        else membership.members.delete(customerId);
      }
    }
  };

  const refreshOne = async (segment: SavedSegment, correlationId: string) => {
    const query = parseSegmentQuery(segment.query);
    for (let attempt = 1; ; attempt++) {
      try {
        const membership = await recorded(segment.segmentId);
        const diff = await diffMembership(reader, query, membership.members, pageSize);
        await record(membership, diff, correlationId);
        return { segmentId: segment.segmentId, joined: diff.joined.length, left: diff.left.length };
      } catch (error) {
        // What is known may be behind what the store holds (an append that failed midway, or
        // landed before the connection dropped): forget it and start again from the store.
        known.delete(segment.segmentId);
        if (!isClienteleError(error, "CONCURRENCY_CONFLICT") || attempt === maxAttempts) {
          throw error;
        }
      }
    }
  };

  /**
   * Refreshes the picked segments one after the other. A segment that fails (a store error, a
   * query saved under an older grammar) does not hold the others back: its error is thrown once
   * every other segment has been refreshed.
   */
  const refreshNow = async (pick: (segment: SavedSegment) => boolean) => {
    const correlationId = newId();
    const reports: RefreshReport[] = [];
    const errors: unknown[] = [];
    const live = await listSavedSegments(store);
    // Deleted segments' memberships are not refreshed any more: stop holding them in memory.
    const liveIds = new Set(live.map((segment) => segment.segmentId));
    for (const segmentId of known.keys()) if (!liveIds.has(segmentId)) known.delete(segmentId);
    for (const segment of live) {
      try {
        if (pick(segment)) reports.push(await refreshOne(segment, correlationId));
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) {
      throw new AggregateError(errors, `${errors.length} segments could not be refreshed`);
    }
    return reports;
  };

  // One refresh at a time per process: a tick and a debounced refresh never interleave.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  // The day relative dates were last resolved on, set only once every segment depending on it
  // was refreshed: a failed tick is retried by the next one.
  const refresh = (segmentIds?: readonly string[]) =>
    serially(async () => {
      if (segmentIds !== undefined) {
        const wanted = new Set(segmentIds);
        return refreshNow((segment) => wanted.has(segment.segmentId));
      }
      const today = localDay(clock.now(), timeZone);
      const reports = await refreshNow(() => true);
      lastDay = today;
      return reports;
    });

  const tick = () =>
    serially(async () => {
      const today = localDay(clock.now(), timeZone);
      if (today === lastDay) return [];
      const reports = await refreshNow((segment) =>
        dependsOnToday(parseSegmentQuery(segment.query)),
      );
      lastDay = today;
      return reports;
    });

  const start = (startOptions: { after?: bigint } = {}): RunningRefresher => {
    let dirty: Set<string> | "all" | undefined = "all";
    let timer: NodeJS.Timeout | undefined;
    let flushing: Promise<void> | undefined;
    let stopped = false;

    const mark = (what: Set<string> | "all") => {
      if (what === "all" || dirty === "all") dirty = "all";
      else dirty = new Set([...(dirty ?? []), ...what]);
    };
    const flush = async () => {
      timer = undefined;
      const what = dirty;
      dirty = undefined;
      if (what === undefined) return;
      try {
        await refresh(what === "all" ? undefined : [...what]);
      } catch (error) {
        mark(what);
        onError(error);
      }
    };
    const schedule = () => {
      if (timer || stopped) return;
      timer = setTimeout(() => {
        flushing = flush();
      }, options.debounceMs ?? 250);
    };

    const subscription: Subscription = store.subscribe(
      {
        ...startOptions,
        filter: { streamPrefixes: [customerStreamPrefix, segmentStreamPrefix] },
      },
      (event) => {
        mark(
          event.streamName.startsWith(segmentStreamPrefix)
            ? new Set([String(event.data.segmentId)])
            : "all",
        );
        schedule();
      },
    );
    subscription.done.catch(onError);
    const ticker = setInterval(() => {
      tick().catch(onError);
      if (dirty) schedule();
    }, options.tickMs ?? 60_000);
    schedule();

    return {
      async stop() {
        stopped = true;
        clearInterval(ticker);
        if (timer) clearTimeout(timer);
        await subscription.stop();
        await flushing;
      },
    };
  };

  return { refresh, tick, start };
};
