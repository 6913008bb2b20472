import {
  type AppendResult,
  allPage,
  ClienteleError,
  type EventHandler,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamFilter,
  type SubscribeOptions,
  type Subscription,
  validateAppend,
} from "@clientele/core";
import {
  type AllStreamResolvedEvent,
  ANY,
  type AppendExpectedRevision,
  EventStoreDBClient,
  excludeSystemEvents,
  type Filter,
  jsonEvent,
  NO_STREAM,
  type ResolvedEvent,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  streamNameFilter,
} from "@eventstore/db-client";
import { toClienteleError } from "./errorMapping.js";
import { ulidToUuid } from "./eventId.js";

export interface EventStoreDBEventStoreOptions {
  /**
   * e.g. `esdb://node1:2113,node2:2113,node3:2113?tls=true&nodePreference=leader`. Default:
   * `process.env.EVENTSTORE_CONNECTION_STRING`. Ignored when `client` is given.
   */
  connectionString?: string;
  /** A client you own (and dispose); the store then never disposes it. */
  client?: EventStoreDBClient;
  /**
   * Namespace for every stream this store touches: `appendToStream("a")` writes `<prefix>a`,
   * `readAll` and `subscribe` only see streams under the prefix, and names come back without it.
   * Default `""` (whole database, system `$` streams excluded).
   */
  streamPrefix?: string;
  /** Reconnect delays after a dropped subscription: doubles from `initialMs` up to `maxMs`. */
  resubscribeBackoff?: { initialMs?: number; maxMs?: number };
}

const toClientExpected = (expected: ExpectedRevision): AppendExpectedRevision => {
  switch (expected) {
    case "any":
      return ANY;
    case "no_stream":
      return NO_STREAM;
    case "stream_exists":
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
};

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    // Remove the listener when the timer wins too: a flapping connection sleeps many times.
    const wake = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    signal.addEventListener("abort", wake, { once: true });
  });

/**
 * The EventStore port on EventStoreDB (gRPC client 6.x).
 *
 * Global position is the event's **commit position** in `$all` (a bigint). A plain append is an
 * implicit transaction whose every event is its own committed record, so commit positions are
 * unique per event and strictly increasing in `$all` order; prepare position is only distinct for
 * legacy explicit transactions, which this adapter never writes. Resuming from `after` uses the
 * commit position for both halves of `{ commit, prepare }` and skips anything at or before it,
 * because the server treats a read's `fromPosition` as inclusive.
 *
 * Writes need the leader: put `nodePreference=leader` in a cluster connection string. Reads and
 * catch-up subscriptions may run on a follower (a second store with `nodePreference=follower`)
 * and see events slightly later; they never see them out of order.
 *
 * @example
 * const store = getEventStoreDBEventStore({
 *   connectionString: "esdb://localhost:2113?tls=false",
 *   streamPrefix: "shop1-",
 * });
 */
export const getEventStoreDBEventStore = (
  options: EventStoreDBEventStoreOptions = {},
): EventStore => {
  const connectionString = options.connectionString ?? process.env.EVENTSTORE_CONNECTION_STRING;
  if (!options.client && !connectionString) {
    throw new ClienteleError(
      "VALIDATION_FAILED",
      "No EventStoreDB connection: pass `connectionString` or `client`, or set EVENTSTORE_CONNECTION_STRING (e.g. esdb://localhost:2113?tls=false).",
      { fields: ["connectionString"] },
    );
  }
  const client = options.client ?? EventStoreDBClient.connectionString(connectionString as string);
  const ownsClient = options.client === undefined;
  const prefix = options.streamPrefix ?? "";
  const initialBackoff = options.resubscribeBackoff?.initialMs ?? 100;
  const maxBackoff = options.resubscribeBackoff?.maxMs ?? 10_000;
  const liveSubscriptions = new Set<Subscription>();
  let closed = false;

  const assertOpen = () => {
    if (closed)
      throw new ClienteleError(
        "EVENT_STORE_UNAVAILABLE",
        "This EventStoreDB event store was closed; create a new one.",
      );
  };

  const serverPrefixes = (filter?: StreamFilter): string[] =>
    (filter?.streamPrefixes ?? [""]).map((p) => `${prefix}${p}`);

  const isVisible = (serverStream: string, filter?: StreamFilter): boolean =>
    !serverStream.startsWith("$") && serverPrefixes(filter).some((p) => serverStream.startsWith(p));

  const toRecorded = (resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | null => {
    const event = resolved.event;
    if (!event?.isJson || !event.position) return null;
    return {
      streamName: event.streamId.slice(prefix.length),
      revision: Number(event.revision),
      position: event.position.commit,
      type: event.type,
      data: event.data as Record<string, unknown>,
      metadata: event.metadata as EventMetadata,
    };
  };

  const foreignEvent = (streamName: string, resolved: ResolvedEvent) =>
    new ClienteleError(
      "VALIDATION_FAILED",
      `Stream ${streamName} holds a non-JSON event at revision ${String(resolved.event?.revision)}; Clientele streams hold JSON events only. Move that event out of the stream.`,
      { stream: streamName, revision: Number(resolved.event?.revision ?? -1) },
    );

  const readAll = async (options: ReadAllOptions = {}) => {
    assertOpen();
    const page = allPage(options);
    if (page.full) return page.events;
    const { after } = options;
    // The 6.x client has no server-side filter on reads, so filter here and stop early.
    const read = client.readAll({
      fromPosition: after === undefined ? START : { commit: after, prepare: after },
    });
    try {
      for await (const resolved of read) {
        const event = resolved.event;
        // System streams and streams outside this store's prefix are never Clientele's.
        if (!event || !isVisible(event.streamId)) continue;
        const recorded = toRecorded(resolved);
        if (recorded && !page.offer(recorded)) break;
      }
    } catch (error) {
      throw toClienteleError(error);
    } finally {
      // Leaving the loop early only destroys the Node stream; the gRPC call needs cancelling.
      await read.cancel().catch(() => undefined);
    }
    return page.events;
  };

  const subscribe = ({ after, filter }: SubscribeOptions, handler: EventHandler): Subscription => {
    const abort = new AbortController();
    let position = after;
    let current: { unsubscribe(): Promise<void> } | undefined;
    const prefixes = serverPrefixes(filter);
    const serverFilter: Filter = prefixes.every((p) => p === "")
      ? excludeSystemEvents()
      : streamNameFilter({ prefixes });

    const run = async () => {
      let delay = initialBackoff;
      while (!abort.signal.aborted) {
        assertOpen();
        const live = client.subscribeToAll({
          fromPosition: position === undefined ? START : { commit: position, prepare: position },
          filter: serverFilter,
        });
        current = live;
        let handlerFailure: { error: unknown } | undefined;
        try {
          for await (const resolved of live) {
            if (abort.signal.aborted) break;
            const event = resolved.event;
            if (!event || !isVisible(event.streamId, filter)) continue;
            const recorded = toRecorded(resolved);
            if (!recorded || (position !== undefined && recorded.position <= position)) continue;
            try {
              await handler(recorded);
            } catch (error) {
              handlerFailure = { error };
              break;
            }
            position = recorded.position;
            delay = initialBackoff;
          }
        } catch (error) {
          // A dropped connection: resubscribe below from the last handled position. Anything
          // that is not a transport failure (deleted stream, access denied) ends the subscription.
          const mapped = toClienteleError(error);
          if (
            !abort.signal.aborted &&
            !(mapped instanceof ClienteleError && mapped.code === "EVENT_STORE_UNAVAILABLE") &&
            !(mapped instanceof ClienteleError && mapped.code === "NOT_LEADER")
          ) {
            throw mapped;
          }
        } finally {
          await live.unsubscribe().catch(() => undefined);
        }
        if (handlerFailure) throw handlerFailure.error;
        if (abort.signal.aborted) return;
        await sleep(delay, abort.signal);
        delay = Math.min(delay * 2, maxBackoff);
      }
    };

    const done = run();
    done.catch(() => undefined);
    const subscription: Subscription = {
      async stop() {
        abort.abort();
        await current?.unsubscribe().catch(() => undefined);
        await done.catch(() => undefined);
        liveSubscriptions.delete(subscription);
      },
      done,
    };
    liveSubscriptions.add(subscription);
    return subscription;
  };

  return {
    async appendToStream(
      streamName: string,
      events: readonly EventToAppend[],
      { expectedRevision = "any" }: { expectedRevision?: ExpectedRevision } = {},
    ): Promise<AppendResult> {
      assertOpen();
      validateAppend(streamName, events, expectedRevision);
      try {
        const result = await client.appendToStream(
          `${prefix}${streamName}`,
          events.map((event) =>
            jsonEvent({
              // The ULID as a UUID: a retried append is deduplicated by the server.
              id: ulidToUuid(event.metadata.eventId),
              type: event.type,
              data: event.data,
              metadata: event.metadata,
            }),
          ),
          { expectedRevision: toClientExpected(expectedRevision) },
        );
        return {
          nextExpectedRevision: Number(result.nextExpectedRevision),
          position: result.position?.commit ?? -1n,
        };
      } catch (error) {
        throw toClienteleError(error, { stream: streamName, expected: expectedRevision });
      }
    },

    async readStream(streamName: string, { fromRevision = 0, maxCount }: ReadStreamOptions = {}) {
      assertOpen();
      const out: RecordedEvent[] = [];
      const read = client.readStream(`${prefix}${streamName}`, {
        fromRevision: BigInt(fromRevision),
        ...(maxCount === undefined ? {} : { maxCount }),
      });
      try {
        for await (const resolved of read) {
          const recorded = toRecorded(resolved);
          // Skipping a foreign (binary) event would hide a revision from the command handler.
          if (!recorded) throw foreignEvent(streamName, resolved);
          out.push(recorded);
        }
      } catch (error) {
        if (error instanceof StreamNotFoundError) return [];
        throw toClienteleError(error, { stream: streamName });
      } finally {
        await read.cancel().catch(() => undefined);
      }
      return out;
    },

    readAll,
    subscribe,

    async close() {
      if (closed) return;
      await Promise.all([...liveSubscriptions].map((s) => s.stop()));
      closed = true;
      if (ownsClient) await client.dispose();
    },
  };
};
