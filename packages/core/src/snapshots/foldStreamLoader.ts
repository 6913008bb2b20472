import type { EventStore, RecordedEvent } from "../eventStore/eventStore.js";
import type { DecidedEvent } from "../handling/decider.js";
import type { LoadedStream, StreamLoader } from "../handling/streamLoader.js";

/** How a loader turns events into state: the decider's `evolve`, fed `{ type, data }`. */
export type Evolve<Event extends DecidedEvent, State> = (state: State, event: Event) => State;

/** A decider's optional bulk replay, equal to `events.reduce(evolve, state)` (see `Decider.fold`). */
export type Fold<Event extends DecidedEvent, State> = (
  state: State,
  events: readonly Event[],
) => State;

/**
 * Folds `events` into `state`, handing `evolve` (or `fold`, when the decider has one) the same
 * `{ type, data }` shape deciders emit.
 */
export const foldEvents = <Event extends DecidedEvent, State>(
  evolve: Evolve<Event, State>,
  state: State,
  events: readonly RecordedEvent[],
  fold?: Fold<Event, State>,
): State => {
  const decided = events.map((event) => ({ type: event.type, data: event.data }) as Event);
  return fold
    ? fold(state, decided)
    : decided.reduce((current, event) => evolve(current, event), state);
};

/**
 * The plain loader: replays the whole stream from `initialState()` on every load. Correct for
 * any stream; `snapshottingLoader` is the shortcut for long ones and must always agree with it.
 *
 * @example
 * const loader = foldStreamLoader(counter.evolve, counter.initialState);
 * const { state, revision } = await loader.load(store, "clientele-customer-1");
 */
export const foldStreamLoader = <Event extends DecidedEvent, State>(
  evolve: Evolve<Event, State>,
  initialState: () => State,
  fold?: Fold<Event, State>,
): StreamLoader<State> => ({
  async load(store: EventStore, streamName: string): Promise<LoadedStream<State>> {
    const events = await store.readStream(streamName);
    return {
      state: foldEvents(evolve, initialState(), events, fold),
      revision: events.at(-1)?.revision ?? -1,
    };
  },
});
