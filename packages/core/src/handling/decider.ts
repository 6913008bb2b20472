import type { Actor } from "../actor.js";

/** What `decide` may use besides the command and state, injected so decisions replay deterministically. */
export interface DecideContext {
  now: Date;
  newId(): string;
  /** Who sends the command, for rules that depend on it (only an erasure's requester may cancel it). */
  actor: Actor;
}

/** The event shape a decider produces: a past-tense type and a JSON object. */
export interface DecidedEvent {
  type: string;
  data: object;
}

/**
 * A decider is three plain functions: `decide` turns a command and the current state into events
 * (or throws a ClienteleError), `evolve` folds one event into state, `initialState` is the state of
 * a stream that does not exist yet.
 *
 * @example
 * const counter: Decider<{ type: "Add"; by: number }, { type: "Added"; data: { by: number } }, number> = {
 *   decide: (command) => [{ type: "Added", data: { by: command.by } }],
 *   evolve: (total, event) => total + event.data.by,
 *   initialState: () => 0,
 * };
 */
export interface Decider<Command, Event extends DecidedEvent, State> {
  decide(command: Command, state: State, context: DecideContext): Event[];
  evolve(state: State, event: Event): State;
  initialState: () => State;
  /**
   * Optional: exactly `events.reduce(evolve, state)`, for a decider that can replay a long stream
   * faster than one `evolve` at a time (the customer decider avoids copying its order list per
   * order). It must never mutate `state`, which may be frozen or shared. Loaders use it when
   * present.
   */
  fold?(state: State, events: readonly Event[]): State;
}
