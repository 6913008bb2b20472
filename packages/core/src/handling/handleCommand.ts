import { type Clock, systemClock } from "../clock.js";
import { isClienteleError } from "../errors.js";
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  RecordedEvent,
} from "../eventStore/eventStore.js";
import { frozenJsonCopy } from "../eventStore/plainJson.js";
import { newId, occurredAtText } from "../metadata.js";
import { authorize, type Principal, type RequiredPermission } from "./authorize.js";
import { changedByOthers, revisionNotReached } from "./conflict.js";
import type { DecidedEvent, Decider } from "./decider.js";
import { foldWholeStream } from "./loadStream.js";
import type { StreamLoader } from "./streamLoader.js";

/** Every command names its type and may carry the revision the sender saw (0-based). */
export interface HandledCommand {
  type: string;
  expectedRevision?: number | undefined;
  /** When present, becomes the causationId of the events it produces. */
  commandId?: string | undefined;
}

export interface CommandHandlerOptions<
  Command extends HandledCommand,
  Event extends DecidedEvent,
  State,
> {
  store: EventStore;
  decider: Decider<Command, Event, State>;
  streamName(command: Command): string;
  permissionFor(command: Command): RequiredPermission;
  /**
   * Replaces the permission check when who may act depends on the command itself (a customer on
   * its own profile only); throws FORBIDDEN. Default: `authorize` with `permissionFor`.
   */
  authorizeFor?(principal: Principal, command: Command): void;
  /** True when applying `command` after `events` gives the same result as before them. */
  commutes(command: Command, events: readonly Event[]): boolean;
  /** Turns untrusted input into a command or throws VALIDATION_FAILED (see `parseOrThrow`). */
  parse(input: unknown): Command;
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: fold the whole stream from `decider.initialState()`. */
  loader?: StreamLoader<State>;
  /** How many times a lost append race is retried when the winner's events commute. Default 25. */
  maxRetries?: number;
  /** Milliseconds to wait before retry `attempt` (1-based). Default: random jitter up to 2^attempt ms, max 50. */
  backoff?: (attempt: number) => number;
  /** How a conflict message names the command's stream for a person. Default: the stream name. */
  describe?: (command: Command) => string;
  /** Schema version stamped on each event type. Default 1. */
  schemaVersionFor?: (eventType: string) => number;
}

export interface HandleOptions {
  /** Shared by every event caused by one user request; default a new ULID. */
  correlationId?: string;
  /** What directly caused this command; default the command's `commandId`, else a new ULID. */
  causationId?: string;
}

export interface HandleResult<State> {
  /** The events written, as stored; empty when the command changed nothing. */
  events: RecordedEvent[];
  /** The stream's revision after the command (-1 when it still does not exist). */
  revision: number;
  state: State;
}

export type CommandHandler<State> = (
  input: unknown,
  principal: Principal,
  options?: HandleOptions,
) => Promise<HandleResult<State>>;

const defaultBackoff = (attempt: number): number => Math.random() * Math.min(50, 2 ** attempt);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** The one event an append wrote, as a reader of the store will see it, frozen like the stored one. */
const recorded = (
  streamName: string,
  event: EventToAppend,
  { nextExpectedRevision, position }: AppendResult,
): RecordedEvent =>
  Object.freeze({
    streamName,
    revision: nextExpectedRevision,
    position,
    type: event.type,
    // A copy: the decided data also lives on in the state, which a caller must not reach.
    data: frozenJsonCopy(event.data),
    metadata: frozenJsonCopy(event.metadata),
  });
const toEvent = <Event extends DecidedEvent>(event: RecordedEvent): Event =>
  ({ type: event.type, data: event.data }) as Event;

/**
 * Builds the one path every command takes: parse, authorise (before anything is read), load,
 * check the revision the sender saw, decide, append with optimistic concurrency, and retry a lost
 * race when the winner's events commute with the command. A failed command writes nothing.
 *
 * Conflicts are judged against the revision the sender saw (`command.expectedRevision`), or,
 * when the command carries none, against the revision this handler first loaded: an edit that
 * would silently overwrite someone else's non-commuting change fails with CONCURRENCY_CONFLICT
 * naming who made that change and when.
 *
 * @example
 * const handle = createCommandHandler({ store, decider, streamName: (c) => `counter-${c.id}`,
 *   permissionFor: () => "customers:edit", commutes: () => true, parse: (i) => parseOrThrow(schema, i, "command") });
 * const { revision } = await handle({ type: "Add", id: "a", by: 1 }, staffPrincipal("anna", ["customers:edit"]));
 */
export const createCommandHandler = <
  Command extends HandledCommand,
  Event extends DecidedEvent,
  State,
>(
  options: CommandHandlerOptions<Command, Event, State>,
): CommandHandler<State> => {
  const { store, decider } = options;
  const clock = options.clock ?? systemClock;
  const loader = options.loader ?? foldWholeStream(decider);
  const maxRetries = options.maxRetries ?? 25;
  const backoff = options.backoff ?? defaultBackoff;
  const schemaVersionFor = options.schemaVersionFor ?? (() => 1);
  const describe = options.describe ?? options.streamName;

  /** Throws when an event since `seen` does not commute with `command`. */
  const assertCommutes = async (
    command: Command,
    stream: string,
    seen: number,
    current: number,
  ) => {
    if (current < seen) throw revisionNotReached(stream, seen, current, describe(command));
    if (current === seen) return;
    const intervening = await store.readStream(stream, { fromRevision: seen + 1 });
    if (options.commutes(command, intervening.map(toEvent<Event>))) return;
    const blocking =
      intervening.find((event) => !options.commutes(command, [toEvent<Event>(event)])) ??
      (intervening[0] as RecordedEvent);
    throw changedByOthers(stream, seen, blocking, intervening, describe(command));
  };

  return async (input, principal, handleOptions = {}) => {
    const command = options.parse(input);
    if (options.authorizeFor) options.authorizeFor(principal, command);
    else authorize(principal, options.permissionFor(command), command.type);
    const stream = options.streamName(command);
    const correlationId = handleOptions.correlationId ?? newId();
    const causationId = handleOptions.causationId ?? command.commandId ?? newId();
    let seen = command.expectedRevision;

    for (let attempt = 0; ; attempt++) {
      const loaded = await loader.load(store, stream);
      seen ??= loaded.revision;
      await assertCommutes(command, stream, seen, loaded.revision);

      const now = clock.now();
      const decided = decider.decide(command, loaded.state, {
        now,
        newId,
        actor: principal.actor,
      });
      if (decided.length === 0)
        return { events: [], revision: loaded.revision, state: loaded.state };

      const occurredAt = occurredAtText(now);
      const toAppend: EventToAppend[] = decided.map((event) => ({
        type: event.type,
        data: event.data as Record<string, unknown>,
        metadata: {
          eventId: newId(),
          actor: principal.actor,
          correlationId,
          causationId,
          schemaVersion: schemaVersionFor(event.type),
          occurredAt,
        },
      }));
      let appended: AppendResult;
      try {
        appended = await store.appendToStream(stream, toAppend, {
          expectedRevision: loaded.revision === -1 ? "no_stream" : loaded.revision,
        });
      } catch (error) {
        // Another writer won the race: the next loop re-reads and re-checks its events against `seen`.
        if (!isClienteleError(error, "CONCURRENCY_CONFLICT")) throw error;
        if (attempt >= maxRetries) {
          const landed = await store.readStream(stream, { fromRevision: loaded.revision + 1 });
          const first = landed[0];
          if (!first) throw error;
          throw changedByOthers(stream, loaded.revision, first, landed, describe(command));
        }
        await sleep(backoff(attempt + 1));
        continue;
      }
      const after = {
        state: decided.reduce((state, event) => decider.evolve(state, event), loaded.state),
        revision: appended.nextExpectedRevision,
      };
      // A snapshot is only a shortcut for later loads: failing to write one must not fail a
      // command whose events are already stored.
      await loader.afterAppend?.(store, stream, after).catch(() => undefined);
      // The append reports the revision and position of its last event, which for a single
      // event is all a recorded event has besides what was just written: no need to read it
      // back (that read cost a tenth of an in-memory command). A batch is read back, since the
      // positions of its earlier events are not reported.
      const [single] = toAppend;
      const events =
        toAppend.length === 1 && single
          ? [recorded(stream, single, appended)]
          : await store.readStream(stream, {
              fromRevision: loaded.revision + 1,
              maxCount: decided.length,
            });
      return { events, ...after };
    }
  };
};
