import type { EventStore } from "../eventStore/eventStore.js";
import { foldEvents } from "../snapshots/foldStreamLoader.js";
import type { DecidedEvent, Decider } from "./decider.js";
import type { LoadedStream, StreamLoader } from "./streamLoader.js";

export interface CachedStreamLoaderOptions<State> {
  /** Streams kept in memory; the least recently used is dropped beyond this. Default 10,000. */
  maxStreams?: number;
  /** How a stream missing from the cache is loaded, e.g. from a snapshot. Default: from revision 0. */
  coldLoader?: StreamLoader<State>;
}

/**
 * Keeps the last state of recently used streams and, on load, folds only the events appended
 * since (by this process or any other: the tail is always read from the store, so the cache can
 * never serve a stale state). Safe because `evolve` returns new states and never mutates one.
 * Without it every command refolds its whole stream, which is what made long profiles slow.
 */
export const cachedStreamLoader = <Event extends DecidedEvent, State>(
  decider: Pick<Decider<unknown, Event, State>, "evolve" | "initialState" | "fold">,
  { maxStreams = 10_000, coldLoader }: CachedStreamLoaderOptions<State> = {},
): StreamLoader<State> => {
  const cache = new Map<string, LoadedStream<State>>();
  const fold = decider.fold?.bind(decider);

  const remember = (streamName: string, loaded: LoadedStream<State>) => {
    const known = cache.get(streamName);
    // Two commands may finish out of order; keep whichever state is further along.
    if (known && known.revision > loaded.revision) return;
    cache.delete(streamName);
    cache.set(streamName, loaded);
    if (cache.size > maxStreams) cache.delete(cache.keys().next().value as string);
  };

  return {
    async load(store: EventStore, streamName: string): Promise<LoadedStream<State>> {
      const known =
        cache.get(streamName) ??
        (coldLoader ? await coldLoader.load(store, streamName) : undefined);
      const from = known ?? { state: decider.initialState(), revision: -1 };
      const tail = await store.readStream(streamName, { fromRevision: from.revision + 1 });
      const loaded = {
        state: foldEvents(decider.evolve, from.state, tail, fold),
        revision: tail.at(-1)?.revision ?? from.revision,
      };
      remember(streamName, loaded);
      return loaded;
    },
    async afterAppend(store: EventStore, streamName: string, loaded: LoadedStream<State>) {
      remember(streamName, loaded);
      await coldLoader?.afterAppend?.(store, streamName, loaded);
    },
  };
};
