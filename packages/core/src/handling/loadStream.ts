import type { EventStore } from "../eventStore/eventStore.js";
import type { DecidedEvent, Decider } from "./decider.js";
import type { LoadedStream, StreamLoader } from "./streamLoader.js";

/** The default loader: folds every event of the stream, from the decider's initial state. */
export const foldWholeStream = <Event extends DecidedEvent, State>(
  decider: Pick<Decider<unknown, Event, State>, "evolve" | "initialState">,
): StreamLoader<State> => ({
  async load(store: EventStore, streamName: string): Promise<LoadedStream<State>> {
    const events = await store.readStream(streamName);
    let state = decider.initialState();
    for (const event of events) {
      state = decider.evolve(state, { type: event.type, data: event.data } as Event);
    }
    return { state, revision: events.at(-1)?.revision ?? -1 };
  },
});
