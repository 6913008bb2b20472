import type { RecordedEvent } from "@clientele/core";
import { ProjectionError } from "../errors.js";
import type { Projection } from "../projection.js";

/**
 * What a projector does with an event its projection cannot apply (its `apply` throws):
 * - `stop` (the default): apply every event before it, then fail with POISON_EVENT and keep the
 *   checkpoint just before it, so nothing after it is applied out of order. Fix the projection
 *   (or add an upcaster) and start the projector again: it resumes at that event, applying it
 *   once; or skip it with `skipPoisonEvent`.
 * - `park`: record the event in the view's dead-letter list (`listParkedEvents`), in the same
 *   atomic batch as the events around it, and go on. The view then lacks that event's effect;
 *   rebuild the projection (a new version) once it is fixed.
 */
export type PoisonPolicy = "stop" | "park";

/** A hash view: field = the event's position, value = a ParkedEvent as JSON. */
export const parkedEventsKey = "$parked-events";

/** An event kept out of a view, and why. */
export interface ParkedEvent {
  streamName: string;
  revision: number;
  /** Global position, as a decimal string (positions are bigints). */
  position: string;
  type: string;
  eventId: string;
  /** `park`: the policy parked it; `skip`: an operator skipped it with `skipPoisonEvent`. */
  how: "park" | "skip";
  cause: { name: string; code?: string; message: string };
}

const causeOf = (error: unknown): ParkedEvent["cause"] => {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    ...(typeof code === "string" ? { code } : {}),
    message: error.message,
  };
};

export const parkedEventOf = (
  event: RecordedEvent,
  cause: unknown,
  how: ParkedEvent["how"],
): ParkedEvent => ({
  streamName: event.streamName,
  revision: event.revision,
  position: String(event.position),
  type: event.type,
  eventId: String(event.metadata?.eventId ?? ""),
  how,
  cause: causeOf(cause),
});

/** POISON_EVENT: which projection, which event (stream, revision, position) and the cause. */
export const poisonEventError = (
  projection: Projection,
  event: RecordedEvent,
  cause: unknown,
  checkpoint: bigint | undefined,
): ProjectionError => {
  const parked = parkedEventOf(event, cause, "park");
  return new ProjectionError(
    "POISON_EVENT",
    `Projection ${projection.name} v${projection.version} cannot apply ${event.type} ` +
      `(stream ${event.streamName}, revision ${event.revision}, position ${event.position}): ` +
      `${parked.cause.message}. It stopped before that event; fix the projection and start it ` +
      "again, or skip the event with skipPoisonEvent.",
    {
      projection: projection.name,
      version: projection.version,
      streamName: parked.streamName,
      revision: parked.revision,
      position: parked.position,
      type: parked.type,
      eventId: parked.eventId,
      cause: parked.cause,
      checkpoint: checkpoint === undefined ? null : String(checkpoint),
    },
  );
};
