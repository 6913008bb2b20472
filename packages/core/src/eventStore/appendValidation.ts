import { ClienteleError } from "../errors.js";
import { eventMetadataSchema } from "../metadata.js";
import { parseOrThrow } from "../validation.js";
import { type EventToAppend, type ExpectedRevision, maxEventBytes } from "./eventStore.js";

const isPlainJson = (value: unknown): boolean => {
  if (value === null) return true;
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value);
    case "object":
      if (Array.isArray(value)) return value.every(isPlainJson);
      if (Object.getPrototypeOf(value) !== Object.prototype) return false;
      return Object.values(value as object).every(isPlainJson);
    default:
      return false;
  }
};

/**
 * The checks every store makes before writing, shared so that bad input fails the same way
 * (and writes nothing) whichever store is behind the port. Returns each event as the JSON text
 * measured against `maxEventBytes`, so a store that needs a copy or the text can reuse it rather
 * than serialise the event again.
 *
 * @example const texts = validateAppend("clientele-customer-1", events, "no_stream");
 */
export const validateAppend = (
  streamName: string,
  events: readonly EventToAppend[],
  expectedRevision: ExpectedRevision,
): string[] => {
  if (typeof streamName !== "string" || streamName.trim() === "") {
    throw new ClienteleError("VALIDATION_FAILED", "Stream name must be a non-empty string.", {
      fields: ["streamName"],
    });
  }
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
  return events.map((event, index) => {
    if (typeof event.type !== "string" || event.type === "") {
      throw new ClienteleError("VALIDATION_FAILED", `Event ${index} has no type.`, {
        fields: [`events.${index}.type`],
      });
    }
    if (
      typeof event.data !== "object" ||
      event.data === null ||
      Array.isArray(event.data) ||
      !isPlainJson(event.data)
    ) {
      throw new ClienteleError(
        "VALIDATION_FAILED",
        `Event ${index} (${event.type}) data must be a plain JSON object (no undefined, functions, bigint, NaN or class instances).`,
        { fields: [`events.${index}.data`] },
      );
    }
    parseOrThrow(eventMetadataSchema, event.metadata, `metadata of event ${index} (${event.type})`);
    const text = JSON.stringify({ type: event.type, data: event.data, metadata: event.metadata });
    const bytes = Buffer.byteLength(text);
    if (bytes > maxEventBytes) {
      throw new ClienteleError(
        "VALIDATION_FAILED",
        `Event ${index} (${event.type}) is ${bytes} bytes; the limit is ${maxEventBytes}. Store large payloads elsewhere and reference them.`,
        { fields: [`events.${index}.data`], bytes, limit: maxEventBytes },
      );
    }
    return text;
  });
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
