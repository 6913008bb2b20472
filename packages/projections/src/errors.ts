/** Stable codes for everything the projection engine can refuse; switch on `code`. */
export type ProjectionErrorCode =
  | "CHECKPOINT_MISMATCH"
  | "VIEW_TYPE_CONFLICT"
  | "INVALID_VIEW_OP"
  | "INVALID_BATCH"
  | "INVALID_PROJECTION"
  | "STALE_REBUILD"
  | "PROJECTOR_STOPPED"
  | "INVALID_READ"
  /** The projector was handed a store whose events are still encrypted (pass `customers.store`). */
  | "ENCRYPTED_EVENTS"
  /** A projection's `apply` threw on one event; `details` name the event and the cause. */
  | "POISON_EVENT"
  /** `skipPoisonEvent` was asked to skip an event that is not the next one to apply. */
  | "NOT_NEXT_EVENT"
  /** Redis answered with an error (a refused script, a wrong type, out of memory...). */
  | "READ_MODEL_REFUSED"
  /** Redis could not be reached or the connection ended before the reply. */
  | "READ_MODEL_UNAVAILABLE";

/**
 * An engine failure with what was expected and what was found in `details`, shaped like
 * ClienteleError (`code`, `message`, `details`, `toJSON`) so callers can treat both alike.
 */
export class ProjectionError extends Error {
  override readonly name = "ProjectionError";
  constructor(
    readonly code: ProjectionErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  toJSON(): { code: ProjectionErrorCode; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}
