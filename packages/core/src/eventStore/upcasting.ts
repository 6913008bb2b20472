import { ClienteleError } from "../errors.js";
import type { EventStore, RecordedEvent } from "./eventStore.js";

/** Turns the data of one schema version into the next version's shape. Must be pure. */
export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/**
 * Event type -> the version an upcaster reads -> the upcaster (which produces version + 1).
 * Chains run in order, so v1 data reaches v3 through `1` then `2`.
 */
export type Upcasters = Readonly<Record<string, Readonly<Record<number, Upcaster>>>>;

/** Event type -> the schema version the code reads today. Types not listed are left alone. */
export type CurrentSchemaVersions = Readonly<Record<string, number>>;

/**
 * Brings one stored event to its current schema version, updating `metadata.schemaVersion`.
 * Throws VALIDATION_FAILED when a step of the chain is missing: a deploy that bumped a version
 * without registering its upcaster must fail loudly rather than hand old shapes to `evolve`.
 */
export const upcastEvent = (
  event: RecordedEvent,
  upcasters: Upcasters,
  currentVersions: CurrentSchemaVersions,
): RecordedEvent => {
  const target = currentVersions[event.type];
  if (target === undefined || event.metadata.schemaVersion >= target) return event;
  let data = event.data;
  for (let version = event.metadata.schemaVersion; version < target; version++) {
    const upcast = upcasters[event.type]?.[version];
    if (!upcast) {
      throw new ClienteleError(
        "VALIDATION_FAILED",
        `No upcaster for ${event.type} from schema version ${version} to ${version + 1}; register one in the Upcasters passed to withUpcasting.`,
        {
          fields: [`upcasters.${event.type}.${version}`],
          eventType: event.type,
          fromVersion: version,
          targetVersion: target,
        },
      );
    }
    data = upcast(data);
  }
  return { ...event, data, metadata: { ...event.metadata, schemaVersion: target } };
};

/**
 * Wraps any store so every read (`readStream`, `readAll`, `subscribe`) returns events in their
 * current shape; appends pass through untouched. Stored events are never rewritten, so rolling
 * back a deploy still reads the original data.
 *
 * @example
 * const store = withUpcasting(
 *   getInMemoryEventStore(),
 *   { CustomerNoteAdded: { 1: ({ note }) => ({ body: note, pinned: false }) } },
 *   { CustomerNoteAdded: 2 },
 * );
 */
export const withUpcasting = (
  store: EventStore,
  upcasters: Upcasters,
  currentVersions: CurrentSchemaVersions,
): EventStore => {
  const upcast = (event: RecordedEvent) => upcastEvent(event, upcasters, currentVersions);
  return {
    appendToStream: (streamName, events, options) =>
      store.appendToStream(streamName, events, options),
    readStream: async (streamName, options) =>
      (await store.readStream(streamName, options)).map(upcast),
    readAll: async (options) => (await store.readAll(options)).map(upcast),
    subscribe: (options, handler) => store.subscribe(options, (event) => handler(upcast(event))),
    close: () => store.close(),
  };
};
