import type { RecordedEvent, StreamFilter } from "@clientele/core";
import type { ViewWriter } from "./view/viewOps.js";

/**
 * A read model as a pure function of events. `apply` only records view changes (it cannot read
 * the view), which is what lets a whole batch run as one atomic script and the same projection
 * run on memory and Redis. Bump `version` whenever `apply` changes meaning, then rebuild.
 *
 * @example
 * const signups: Projection = {
 *   name: "signups", version: 1, streamPrefixes: ["customer-"],
 *   apply(event, view) {
 *     if (event.type === "CustomerCreated") view.increment("totals", "customers");
 *   },
 * };
 */
export interface Projection {
  /** Letters, digits, "_" and "-": it becomes part of Redis keys. */
  name: string;
  /** Positive integer; each version has its own keys and checkpoint. */
  version: number;
  /** Streams it reads; empty means every stream. */
  streamPrefixes: readonly string[];
  apply(event: RecordedEvent, view: ViewWriter): void;
}

/** The store filter for a projection (`undefined` reads everything). */
export const streamFilter = (projection: Projection): StreamFilter | undefined =>
  projection.streamPrefixes.length === 0
    ? undefined
    : { streamPrefixes: projection.streamPrefixes };
