/**
 * Every failure a caller can see. `code` is stable (switch on it), `message` is for a person,
 * `details` carries what a program needs to act (field paths, the missing permission, who changed
 * the profile...).
 */
export const errorCodes = [
  "VALIDATION_FAILED",
  "FORBIDDEN",
  "CUSTOMER_NOT_FOUND",
  "CONCURRENCY_CONFLICT",
  "EMAIL_TAKEN",
  "PHONE_TAKEN",
  "CUSTOMER_MERGED",
  "CUSTOMER_REDACTED",
  "CUSTOMER_DELETED",
  "CUSTOMER_EXISTS",
  "TAG_LIMIT_EXCEEDED",
  "TAG_TOO_LONG",
  "NOTE_TOO_LONG",
  "ADDRESS_INVALID",
  "ADDRESS_LIMIT_EXCEEDED",
  "ADDRESS_NOT_FOUND",
  "CONSENT_REQUIRES_EMAIL",
  "CONSENT_REQUIRES_PHONE",
  "DELETE_BLOCKED",
  "MERGE_BLOCKED",
  "REDACTION_NOT_REQUESTED",
  "REDACTION_NOT_DUE",
  "MERGE_IN_PROGRESS",
  "DATA_REQUEST_NOT_FOUND",
  "UNAUTHORIZED_CANCELLATION",
  "EMAIL_NOT_FOUND",
  "PAYMENT_METHOD_NOT_FOUND",
  "STREAM_DELETED",
  "EVENT_STORE_UNAVAILABLE",
  "KEY_STORE_UNAVAILABLE",
  "CHECKPOINT_STORE_UNAVAILABLE",
  "NOT_LEADER",
  "SEGMENT_QUERY_INVALID",
  "SEGMENT_NAME_TAKEN",
  "SEGMENT_NOT_FOUND",
  "DATA_KEY_MISSING",
  "CUSTOMER_HAS_NO_EMAIL",
  "LINK_TOKEN_INVALID",
  "LINK_TOKEN_EXPIRED",
  "LINK_TOKEN_USED",
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export class ClienteleError extends Error {
  override readonly name = "ClienteleError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  toJSON(): { code: ErrorCode; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** True when `error` is a ClienteleError, optionally with the given code. */
export const isClienteleError = (error: unknown, code?: ErrorCode): error is ClienteleError =>
  error instanceof ClienteleError && (code === undefined || error.code === code);
