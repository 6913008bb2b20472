import type { Actor } from "./actor.js";
import type { EventToAppend } from "./eventStore/eventStore.js";
import { newId } from "./metadata.js";

/** Why an event was written: the request it belongs to and what directly caused it. */
export interface Cause {
  actor: Actor;
  /** Default: the new event's own id. */
  correlationId?: string | undefined;
  /** Default: the correlation id. */
  causationId?: string | undefined;
  at: Date;
}

/**
 * An event ready to append, with full metadata, for the processes that write outside the command
 * handler (merges, bulk runs, the erasure schedule).
 * @example eventOf("MergeFinished", { mergeId }, { actor, correlationId: mergeId, at: clock.now() })
 */
export const eventOf = (type: string, data: object, cause: Cause): EventToAppend => {
  const eventId = newId();
  const correlationId = cause.correlationId ?? eventId;
  return {
    type,
    data: data as Record<string, unknown>,
    metadata: {
      eventId,
      actor: cause.actor,
      correlationId,
      causationId: cause.causationId ?? correlationId,
      schemaVersion: 1,
      occurredAt: cause.at.toISOString(),
    },
  };
};
