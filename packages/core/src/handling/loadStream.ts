import { foldStreamLoader } from "../snapshots/foldStreamLoader.js";
import type { DecidedEvent, Decider } from "./decider.js";
import type { StreamLoader } from "./streamLoader.js";

/** The default loader: folds every event of the stream, from the decider's initial state. */
export const foldWholeStream = <Event extends DecidedEvent, State>(
  decider: Pick<Decider<unknown, Event, State>, "evolve" | "initialState" | "fold">,
): StreamLoader<State> =>
  foldStreamLoader(decider.evolve, decider.initialState, decider.fold?.bind(decider));
