import { ClienteleError } from "../errors.js";
import { allPage } from "./allPage.js";
import { revisionConflict, revisionMatches, validateAppend } from "./appendValidation.js";
import type {
  AppendResult,
  EventHandler,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from "./eventStore.js";
import { frozenJsonCopy } from "./plainJson.js";
import { pollingSubscription } from "./pollingSubscription.js";

/**
 * The embedded default: everything in process memory, lost on exit. Behaves exactly like the
 * durable stores (the contract suite proves it). Events are copied once on the way in and frozen,
 * so a caller can never mutate what was stored, and reads hand out the frozen events without
 * copying them again (copying on every read made a 10,000-event load ~40x slower).
 */
export const getInMemoryEventStore = (): EventStore => {
  const log: RecordedEvent[] = [];
  const streams = new Map<string, RecordedEvent[]>();
  const waiters = new Set<() => void>();
  let closed = false;

  const assertOpen = () => {
    if (closed)
      throw new ClienteleError("EVENT_STORE_UNAVAILABLE", "The in-memory event store is closed.");
  };

  const readAll = async (options: ReadAllOptions = {}): Promise<RecordedEvent[]> => {
    assertOpen();
    const page = allPage(options);
    // Positions are 1-based indexes into the log, so `after` is exactly where to start.
    const start = options.after === undefined ? 0 : Math.max(0, Number(options.after));
    for (let i = start; i < log.length && page.offer(log[i] as RecordedEvent); i++);
    return page.events;
  };

  return {
    async appendToStream(
      streamName: string,
      events: readonly EventToAppend[],
      { expectedRevision = "any" }: { expectedRevision?: ExpectedRevision } = {},
    ): Promise<AppendResult> {
      assertOpen();
      validateAppend(streamName, events, expectedRevision);
      const stream = streams.get(streamName) ?? [];
      const current = stream.length - 1;
      if (!revisionMatches(expectedRevision, current)) {
        throw revisionConflict(
          streamName,
          expectedRevision,
          current === -1 ? "no_stream" : current,
        );
      }
      for (const event of events) {
        const recorded: RecordedEvent = Object.freeze({
          streamName,
          revision: stream.length,
          position: BigInt(log.length + 1),
          type: event.type,
          data: frozenJsonCopy(event.data),
          metadata: frozenJsonCopy(event.metadata),
        });
        stream.push(recorded);
        log.push(recorded);
      }
      streams.set(streamName, stream);
      for (const wake of waiters) wake();
      return { nextExpectedRevision: stream.length - 1, position: BigInt(log.length) };
    },

    async readStream(streamName: string, { fromRevision = 0, maxCount }: ReadStreamOptions = {}) {
      assertOpen();
      const stream = streams.get(streamName) ?? [];
      // slice() counts a negative start from the end: clamp so -1 means "from the start".
      const from = Math.max(0, fromRevision);
      const end = maxCount === undefined ? stream.length : from + maxCount;
      return stream.slice(from, end);
    },

    readAll,

    subscribe(options: SubscribeOptions, handler: EventHandler): Subscription {
      // The log length seen by the subscription's last read: an append that lands between that
      // read and the wait must wake it, or it would sleep until some later append.
      let seen = 0;
      return pollingSubscription(options, handler, {
        readAll: (readOptions) => {
          seen = log.length;
          return readAll(readOptions);
        },
        waitForAppend: (signal) =>
          new Promise<void>((resolve) => {
            if (log.length > seen || signal.aborted) return resolve();
            // Each wait removes its own abort listener: a long-lived subscription waits once per
            // append, and leaving them on the signal leaked one listener per wait.
            const wake = () => {
              waiters.delete(wake);
              signal.removeEventListener("abort", wake);
              resolve();
            };
            waiters.add(wake);
            signal.addEventListener("abort", wake, { once: true });
          }),
      });
    },

    async close() {
      closed = true;
      for (const wake of waiters) wake();
    },
  };
};
