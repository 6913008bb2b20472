import type { EventStore } from "../eventStore/eventStore.js";

/** A profile's state as of a revision (-1 when the stream does not exist yet). */
export interface LoadedStream<State> {
  state: State;
  revision: number;
}

/**
 * How the command handler rebuilds state. The default folds every event of the stream; a
 * snapshotting loader (see `snapshots/`) starts from the latest valid snapshot instead.
 */
export interface StreamLoader<State> {
  load(store: EventStore, streamName: string): Promise<LoadedStream<State>>;
  /** Called after a successful append, so a loader may write a snapshot every N events. */
  afterAppend?(store: EventStore, streamName: string, loaded: LoadedStream<State>): Promise<void>;
}
