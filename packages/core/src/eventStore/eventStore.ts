import type { EventMetadata } from "../metadata.js";

/**
 * What an append expects the stream to look like. Revisions are 0-based like EventStoreDB's: a
 * stream holding one event is at revision 0, so `expectedRevision: 0` means "exactly one event".
 */
export type ExpectedRevision = "no_stream" | "stream_exists" | "any" | number;

/** An event about to be written. `metadata.eventId` (a ULID) is its identity in every store. */
export interface EventToAppend {
  type: string;
  /** A JSON object; stores reject anything JSON cannot round-trip. */
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

/** An event as stored, with where it sits in its stream and in the global log. */
export interface RecordedEvent {
  streamName: string;
  /** 0-based position within the stream. */
  revision: number;
  /** Position in the store's global (`$all`) order: strictly increasing, never reused. */
  position: bigint;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

export interface AppendResult {
  /** The revision of the last event written: pass it as `expectedRevision` to append again. */
  nextExpectedRevision: number;
  /** Global position of the last event written. */
  position: bigint;
}

export interface ReadStreamOptions {
  /** First revision to return (inclusive); default 0. */
  fromRevision?: number;
  maxCount?: number;
}

/** Only events whose stream name starts with one of these prefixes. */
export interface StreamFilter {
  streamPrefixes: readonly string[];
}

export interface ReadAllOptions {
  /** Return events strictly after this position; omit to read from the beginning. */
  after?: bigint;
  maxCount?: number;
  filter?: StreamFilter;
}

export interface SubscribeOptions {
  /** Deliver events strictly after this position (a checkpoint); omit to start at the beginning. */
  after?: bigint;
  filter?: StreamFilter;
}

/**
 * A live subscription. Delivery is at-least-once and in global order: the handler is awaited
 * before the next event, and a handler that throws stops the subscription (`done` rejects) so a
 * failing projection never skips an event.
 */
export interface Subscription {
  /** Stops delivery after the event being handled; resolves when the handler is idle. */
  stop(): Promise<void>;
  /** Settles when the subscription ends: resolves after `stop()`, rejects on a handler failure. */
  readonly done: Promise<void>;
}

export type EventHandler = (event: RecordedEvent) => Promise<void> | void;

/**
 * The port every event store implements (in-memory, EventStoreDB, PostgreSQL, PGlite). The
 * command handler, projections and tests depend on this and nothing more; the shared contract
 * suite in `./contract` proves an adapter keeps each promise made here.
 */
export interface EventStore {
  /**
   * Appends atomically (all events or none) when the stream matches `expectedRevision`
   * (default `any`); otherwise throws CONCURRENCY_CONFLICT with `{ stream, expected, actual }`.
   */
  appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult>;
  /** Events of one stream in revision order; `[]` when the stream does not exist. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events of every stream in global order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catches up from `after`, then delivers new events as they are appended. */
  subscribe(options: SubscribeOptions, handler: EventHandler): Subscription;
  /** Releases connections; the store is unusable afterwards. */
  close(): Promise<void>;
}

/** Stores refuse a single event whose JSON is larger than this (EventStoreDB's own cap is 16 MiB per append). */
export const maxEventBytes = 1024 * 1024;
