import { customerStreamPrefix, isSnapshotStream, shreddingEventTypes } from "@clientele/core";
import type { Projection } from "../projection.js";
import { describeEntry } from "./describeEntry.js";

/** View keys of the timeline, relative to the projection version. */
export const timelineKeys = {
  /**
   * Sorted set scored by global position; each member is the JSON array
   * `[revision, type, occurredAt, actor, line, staffOnly 0|1, hasPersonal 0|1]` (no personal data).
   */
  entries: (customerId: string) => `timeline:${customerId}`,
  /** Hash: position -> JSON `{ line, note? }`, the personal parts; deleted on erasure. */
  personal: (customerId: string) => `timeline:${customerId}:personal`,
  /** Set of the ids of profiles merged into this one: their entries belong to its timeline. */
  absorbed: (customerId: string) => `timeline:${customerId}:absorbed`,
  /** String: position of the CustomerRedacted/CustomerDeleted that erased the profile. */
  erased: (customerId: string) => `timeline:${customerId}:erased`,
};

const shredding = new Set(shreddingEventTypes);

/**
 * Each customer's activity feed: every event of the profile with who did it and a readable line
 * ("Tag VIP added by staff anna"). The line kept in the sorted set is rendered with personal values
 * replaced by `[redacted]`; the line as written (and a note's text) lives in a per-customer
 * `:personal` hash that CustomerRedacted and CustomerDeleted delete, so erasure removes it from
 * Redis, not just from the screen, and a rebuild from shredded events gives the same view.
 *
 * A merge stores a link (`:absorbed`) instead of copying the absorbed profile's entries: `apply`
 * cannot read the view, the absorbed entries keep a single copy (and a single place to erase),
 * and a chain of merges is followed by the reader (`readTimeline`). Erasing the survivor deletes
 * the personal parts of every profile merged into it, however deep (`deleteLinked`).
 *
 * @example
 * await startProjector({ store, readModel, projection: timeline });
 * await readTimeline(readModel, "cus_1", { audience: "staff", limit: 20 });
 */
export const timeline: Projection = {
  name: "timeline",
  version: 2,
  streamPrefixes: [customerStreamPrefix],
  apply(event, view) {
    // Snapshot side streams share the prefix but are a cache of state, not history.
    if (isSnapshotStream(event.streamName)) return;
    const customerId = event.streamName.slice(customerStreamPrefix.length);
    const position = String(event.position);
    const { actor, line, staffOnly, personal } = describeEntry(event);
    const member = JSON.stringify([
      event.revision,
      event.type,
      event.metadata?.occurredAt ?? "",
      actor,
      line,
      staffOnly ? 1 : 0,
      personal ? 1 : 0,
    ]);
    view.addToSortedSet(timelineKeys.entries(customerId), member, Number(event.position));
    if (personal)
      view.setFields(timelineKeys.personal(customerId), { [position]: JSON.stringify(personal) });
    if (event.type === "CustomerMerged") {
      const absorbedId = (event.data as { absorbedId?: unknown } | undefined)?.absorbedId;
      if (typeof absorbedId === "string" && absorbedId !== customerId)
        view.addToSet(timelineKeys.absorbed(customerId), absorbedId);
    }
    if (shredding.has(event.type)) {
      view.delete(timelineKeys.personal(customerId));
      // The profiles merged into this one held the same person's data: it goes too.
      view.deleteLinked(timelineKeys.absorbed(customerId), {
        prefix: "timeline:",
        links: ":absorbed",
        target: ":personal",
      });
      view.set(timelineKeys.erased(customerId), position);
    }
  },
};
