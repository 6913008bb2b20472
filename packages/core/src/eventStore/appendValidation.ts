import { ClienteleError } from "../errors.js";
import { eventMetadataSchema } from "../metadata.js";
import { parseOrThrow } from "../validation.js";
import { illFormedStrings, isWellFormedText } from "../wellFormedText.js";
import { type EventToAppend, type ExpectedRevision, maxEventBytes } from "./eventStore.js";
import { illFormedTextFound, plainJsonBytesBound } from "./plainJson.js";

/**
 * The checks every store makes before writing, shared so that bad input fails the same way
 * (and writes nothing) whichever store is behind the port.
 *
 * @example validateAppend("clientele-customer-1", events, "no_stream"); // throws VALIDATION_FAILED
 */
export const validateAppend = (
  streamName: string,
  events: readonly EventToAppend[],
  expectedRevision: ExpectedRevision,
): void => {
  if (typeof streamName !== "string" || streamName.trim() === "") {
    throw new ClienteleError("VALIDATION_FAILED", "Stream name must be a non-empty string.", {
      fields: ["streamName"],
    });
  }
  refuseIllFormedText(streamName, "streamName");
  if (
    typeof expectedRevision === "number" &&
    (!Number.isSafeInteger(expectedRevision) || expectedRevision < 0)
  ) {
    throw new ClienteleError(
      "VALIDATION_FAILED",
      `expectedRevision must be "no_stream", "stream_exists", "any" or a revision >= 0; received ${expectedRevision}.`,
      { fields: ["expectedRevision"] },
    );
  }
  events.forEach((event, index) => {
    if (typeof event.type !== "string" || event.type === "") {
      throw new ClienteleError("VALIDATION_FAILED", `Event ${index} has no type.`, {
        fields: [`events.${index}.type`],
      });
    }
    const dataBytes =
      typeof event.data === "object" && event.data !== null && !Array.isArray(event.data)
        ? plainJsonBytesBound(event.data)
        : undefined;
    if (dataBytes === undefined) {
      throw new ClienteleError(
        "VALIDATION_FAILED",
        `Event ${index} (${event.type}) data must be a plain JSON object (no undefined, functions, bigint, NaN or class instances).`,
        { fields: [`events.${index}.data`] },
      );
    }
    refuseIllFormedText(event.type, `events.${index}.type`);
    if (dataBytes === illFormedTextFound) refuseIllFormedText(event.data, `events.${index}.data`);
    parseOrThrow(eventMetadataSchema, event.metadata, `metadata of event ${index} (${event.type})`);
    // The schema ignores keys it does not know, but they are stored too, so they must be JSON.
    const metadataBytes = plainJsonBytesBound(event.metadata);
    if (metadataBytes === illFormedTextFound)
      refuseIllFormedText(event.metadata, `events.${index}.metadata`);
    if (metadataBytes === undefined) {
      throw new ClienteleError(
        "VALIDATION_FAILED",
        `Event ${index} (${event.type}) metadata must be plain JSON (no undefined, functions, bigint, NaN or class instances).`,
        { fields: [`events.${index}.metadata`] },
      );
    }
    // Serialise only when the cheap upper bound says the event might be too large.
    if (dataBytes + metadataBytes + event.type.length * 6 + 64 <= maxEventBytes) return;
    const bytes = Buffer.byteLength(JSON.stringify(event));
    if (bytes > maxEventBytes) {
      throw new ClienteleError(
        "VALIDATION_FAILED",
        `Event ${index} (${event.type}) is ${bytes} bytes; the limit is ${maxEventBytes}. Store large payloads elsewhere and reference them.`,
        { fields: [`events.${index}.data`], bytes, limit: maxEventBytes },
      );
    }
  });
};

/**
 * Every store refuses text it could not keep or a read model could not project (a lone
 * surrogate, a NUL), so all of them fail alike instead of PostgreSQL alone with a driver error.
 */
const refuseIllFormedText = (value: unknown, field: string): void => {
  if (isWellFormedText(value)) return;
  const spots = illFormedStrings(value);
  const fields = spots.map((spot) => (spot.path === "(root)" ? field : `${field}.${spot.path}`));
  const issues = spots.map((spot, i) => ({ path: fields[i], message: spot.message }));
  throw new ClienteleError(
    "VALIDATION_FAILED",
    `Invalid ${field}: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}`,
    { fields, issues },
  );
};

/** The error every store throws when the stream is not where the writer expected it. */
export const revisionConflict = (
  streamName: string,
  expected: ExpectedRevision,
  actual: number | "no_stream",
): ClienteleError =>
  new ClienteleError(
    "CONCURRENCY_CONFLICT",
    `Stream ${streamName} was expected at ${String(expected)} but is at ${String(actual)}.`,
    { stream: streamName, expected, actual },
  );

/** Whether a stream currently at `current` (-1 = no stream) satisfies `expected`. */
export const revisionMatches = (expected: ExpectedRevision, current: number): boolean => {
  switch (expected) {
    case "any":
      return true;
    case "no_stream":
      return current === -1;
    case "stream_exists":
      return current >= 0;
    default:
      return current === expected;
  }
};
