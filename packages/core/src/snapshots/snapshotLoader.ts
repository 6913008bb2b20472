import type { EventStore, RecordedEvent } from "../eventStore/eventStore.js";
import type { DecidedEvent } from "../handling/decider.js";
import type { LoadedStream, StreamLoader } from "../handling/streamLoader.js";
import { newId } from "../metadata.js";
import { type Evolve, type Fold, foldEvents } from "./foldStreamLoader.js";

const snapshotSuffix = "-snapshot";

/** The type of every event in a snapshot side stream. */
export const snapshotEventType = "Snapshot";

/** The side stream holding `stream`'s snapshots. */
export const snapshotStreamName = (streamName: string): string => `${streamName}${snapshotSuffix}`;

/**
 * Whether `streamName` is a snapshot side stream. A customer's side stream shares the customer
 * prefix (`clientele-customer-<id>-snapshot`), so a projection subscribed to that prefix receives
 * snapshots too and should skip them with this check.
 *
 * @example
 * if (isSnapshotStream(event.streamName)) return;
 */
export const isSnapshotStream = (streamName: string): boolean =>
  streamName.endsWith(snapshotSuffix);

/**
 * The stream a snapshot side stream shadows.
 * @example snapshottedStreamName("clientele-customer-cus_1-snapshot") // "clientele-customer-cus_1"
 */
export const snapshottedStreamName = (sideStreamName: string): string =>
  sideStreamName.slice(0, -snapshotSuffix.length);

/** The data of a `Snapshot` event: the state as of `revision`, shaped by code at `stateVersion`. */
export interface SnapshotData<State> {
  state: State;
  revision: number;
  stateVersion: number;
}

export interface SnapshottingLoaderOptions<Event extends DecidedEvent, State> {
  evolve: Evolve<Event, State>;
  initialState: () => State;
  /** The decider's bulk replay, when it has one (see `Decider.fold`). */
  fold?: Fold<Event, State>;
  /** Write a snapshot each time the stream's event count crosses a multiple of this. */
  every: number;
  /**
   * Bump whenever the state's shape or `evolve` changes: snapshots of another version are
   * ignored (full replay) and replaced at the next multiple of `every`.
   */
  stateVersion: number;
}

const isSnapshotOf = <State>(
  event: RecordedEvent | undefined,
  stateVersion: number,
): SnapshotData<State> | undefined => {
  const data = event?.data as Partial<SnapshotData<State>> | undefined;
  if (event?.type !== snapshotEventType || data?.stateVersion !== stateVersion) return undefined;
  // A crypto-shredded snapshot's state reads as a placeholder string: unusable, so replay instead.
  if (typeof data.revision !== "number" || typeof data.state !== "object" || data.state === null)
    return undefined;
  return data as SnapshotData<State>;
};

/**
 * A loader that starts from the stream's latest snapshot instead of its first event. Snapshots
 * live in the side stream `<stream>-snapshot` as `Snapshot` events
 * (`{ state, revision, stateVersion }`), so State must be plain JSON (no Set, Map or Date).
 * A snapshot is only a shortcut: loading always equals a full replay, and a snapshot from another
 * `stateVersion` is ignored.
 *
 * @example
 * const loader = snapshottingLoader({ ...customerDecider, every: 100, stateVersion: 1 });
 * const handle = createCommandHandler({ ...options, loader });
 */
export const snapshottingLoader = <Event extends DecidedEvent, State>({
  evolve,
  initialState,
  fold,
  every,
  stateVersion,
}: SnapshottingLoaderOptions<Event, State>): StreamLoader<State> => {
  if (!Number.isSafeInteger(every) || every < 1) {
    throw new RangeError(
      `snapshottingLoader: every must be a whole number >= 1; received ${every}.`,
    );
  }
  // Last known side-stream revision per stream: spares the search when still valid.
  const sideRevisionHint = new Map<string, number>();
  // Revision covered by the newest usable snapshot per stream (-1: none), to detect crossings.
  const snapshotRevision = new Map<string, number>();

  const hasSnapshotAt = async (store: EventStore, side: string, revision: number) =>
    (await store.readStream(side, { fromRevision: revision, maxCount: 1 })).length > 0;

  // The port has no "read last event" and the side stream only grows, so find its end by
  // galloping then bisecting: O(log n) one-event reads instead of reading every snapshot.
  const searchLastRevision = async (store: EventStore, side: string): Promise<number> => {
    let known = -1;
    let missing = 0;
    while (await hasSnapshotAt(store, side, missing)) {
      known = missing;
      missing = known * 2 + 2;
    }
    while (missing - known > 1) {
      const middle = Math.floor((known + missing) / 2);
      if (await hasSnapshotAt(store, side, middle)) known = middle;
      else missing = middle;
    }
    return known;
  };

  const latestSnapshot = async (store: EventStore, streamName: string) => {
    const side = snapshotStreamName(streamName);
    const hint = sideRevisionHint.get(side);
    let latest: RecordedEvent | undefined;
    if (hint !== undefined) latest = (await store.readStream(side, { fromRevision: hint })).at(-1);
    if (!latest) {
      const last = await searchLastRevision(store, side);
      if (last < 0) return undefined;
      [latest] = await store.readStream(side, { fromRevision: last, maxCount: 1 });
    }
    if (latest) sideRevisionHint.set(side, latest.revision);
    return isSnapshotOf<State>(latest, stateVersion);
  };

  return {
    async load(store: EventStore, streamName: string): Promise<LoadedStream<State>> {
      const snapshot = await latestSnapshot(store, streamName);
      snapshotRevision.set(streamName, snapshot?.revision ?? -1);
      const from = snapshot?.revision ?? -1;
      const events = await store.readStream(streamName, { fromRevision: from + 1 });
      // A store may hand out frozen events (memory does): copy, so the state a plain `evolve`
      // receives is as writable as `initialState()`'s. A `fold` never mutates its input, so it
      // is spared the copy, which cost more than the replay on a profile with many orders.
      const start = snapshot
        ? fold
          ? snapshot.state
          : structuredClone(snapshot.state)
        : undefined;
      return {
        state: foldEvents(evolve, start ?? initialState(), events, fold),
        revision: events.at(-1)?.revision ?? from,
      };
    },

    async afterAppend(store: EventStore, streamName: string, loaded: LoadedStream<State>) {
      const covered =
        snapshotRevision.get(streamName) ??
        (await latestSnapshot(store, streamName))?.revision ??
        -1;
      // Event counts are revision + 1; snapshot when the count passed a multiple of `every`.
      if (Math.floor((loaded.revision + 1) / every) <= Math.floor((covered + 1) / every)) return;
      const eventId = newId();
      const data: SnapshotData<State> = {
        state: loaded.state,
        revision: loaded.revision,
        stateVersion,
      };
      const result = await store.appendToStream(snapshotStreamName(streamName), [
        {
          type: snapshotEventType,
          data: data as unknown as Record<string, unknown>,
          metadata: {
            eventId,
            actor: { kind: "system", reason: "snapshot" },
            correlationId: eventId,
            causationId: eventId,
            schemaVersion: 1,
            occurredAt: new Date().toISOString(),
          },
        },
      ]);
      snapshotRevision.set(streamName, loaded.revision);
      sideRevisionHint.set(snapshotStreamName(streamName), result.nextExpectedRevision);
    },
  };
};
