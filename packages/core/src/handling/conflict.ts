import { type Actor, describeActor } from "../actor.js";
import { ClienteleError } from "../errors.js";
import type { RecordedEvent } from "../eventStore/eventStore.js";

/** One change that landed after the revision a caller saw. */
export interface Change {
  actor: Actor;
  occurredAt: string;
  type: string;
  revision: number;
}

const changeOf = (event: RecordedEvent): Change => ({
  actor: event.metadata.actor,
  occurredAt: event.metadata.occurredAt,
  type: event.type,
  revision: event.revision,
});

/**
 * The CONCURRENCY_CONFLICT a staff member sees when someone else changed the profile in a way their
 * command does not commute with: it says who and when, so they can ask that person or reload.
 * `subject` names the stream for a person (`customer cus_...`).
 * `blocking` is the first intervening event that does not commute; `intervening` are all of them.
 */
export const changedByOthers = (
  stream: string,
  seen: number,
  blocking: RecordedEvent,
  intervening: readonly RecordedEvent[],
  subject: string = stream,
): ClienteleError => {
  const changers = intervening.map(changeOf);
  const others = new Set(changers.map((change) => describeActor(change.actor)));
  others.delete(describeActor(blocking.metadata.actor));
  const also = others.size > 0 ? ` (also changed by ${[...others].join(", ")})` : "";
  return new ClienteleError(
    "CONCURRENCY_CONFLICT",
    `${subject} was changed by ${describeActor(blocking.metadata.actor)} at ${blocking.metadata.occurredAt} (${blocking.type}, revision ${blocking.revision}) after you saw revision ${seen}${also}. Reload the profile and apply your change again.`,
    {
      stream,
      expected: seen,
      actual: intervening.at(-1)?.revision ?? seen,
      changedBy: blocking.metadata.actor,
      changedAt: blocking.metadata.occurredAt,
      changers,
    },
  );
};

/** The caller claimed to have seen a revision the stream never reached. */
export const revisionNotReached = (
  stream: string,
  seen: number,
  actual: number,
  subject: string = stream,
): ClienteleError =>
  new ClienteleError(
    "CONCURRENCY_CONFLICT",
    `${subject} is at revision ${actual}, but the command says it saw revision ${seen}. Reload the profile and send the revision you loaded.`,
    { stream, expected: seen, actual: actual === -1 ? "no_stream" : actual, changers: [] },
  );
