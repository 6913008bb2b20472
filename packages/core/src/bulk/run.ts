import type { EventStore, RecordedEvent } from "../eventStore/eventStore.js";
import type { BulkOperation } from "./operation.js";

/**
 * Every bulk run's stream starts with this.
 * @example store.readAll({ filter: { streamPrefixes: [bulkStreamPrefix] } })
 */
export const bulkStreamPrefix = "clientele-bulk-";
/**
 * The stream recording one bulk run.
 * @example bulkStreamName("spring-sale") // "clientele-bulk-spring-sale"
 */
export const bulkStreamName = (bulkId: string): string => `${bulkStreamPrefix}${bulkId}`;

/** What happened to one profile, and why when nothing did. */
export interface BulkItemResult {
  customerId: string;
  outcome: "changed" | "unchanged" | "failed";
  /** The error code when it failed (e.g. TAG_LIMIT_EXCEEDED, DELETE_BLOCKED, CUSTOMER_MERGED). */
  code?: string;
  message?: string;
}

/**
 * A bulk run as its stream tells it: the frozen selection (in chunks), which chunks began and
 * which finished with their per-profile results. The stream is the run's checkpoint.
 */
export interface BulkRun {
  bulkId: string;
  operation: BulkOperation;
  total: number;
  chunks: string[][];
  started: Set<number>;
  results: Map<number, BulkItemResult[]>;
  finished: boolean;
  revision: number;
  requestedBy: RecordedEvent["metadata"]["actor"];
}

/** Folds a bulk run's stream; undefined when there is no such run. */
export const foldBulkRun = (events: readonly RecordedEvent[]): BulkRun | undefined => {
  const [first] = events;
  if (first?.type !== "BulkRequested") return undefined;
  const run: BulkRun = {
    bulkId: String(first.data.bulkId),
    operation: first.data.operation as BulkOperation,
    total: Number(first.data.total),
    chunks: [],
    started: new Set(),
    results: new Map(),
    finished: false,
    revision: first.revision,
    requestedBy: first.metadata.actor,
  };
  for (const event of events) {
    run.revision = event.revision;
    const index = Number(event.data.index);
    if (event.type === "BulkSelectionChunk") run.chunks[index] = event.data.ids as string[];
    if (event.type === "BulkChunkStarted") run.started.add(index);
    if (event.type === "BulkChunkDone")
      run.results.set(index, event.data.results as BulkItemResult[]);
    if (event.type === "BulkFinished") run.finished = true;
  }
  return run;
};

/** The bulk run `bulkId` as stored, or undefined. */
export const readBulkRun = async (store: EventStore, bulkId: string) =>
  foldBulkRun(await store.readStream(bulkStreamName(bulkId)));
