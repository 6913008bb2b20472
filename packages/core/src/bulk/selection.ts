import { z } from "zod";
import { customerStreamPrefix } from "../customer/streams.js";
import { ClienteleError } from "../errors.js";
import type { EventStore } from "../eventStore/eventStore.js";
import { isSnapshotStream } from "../snapshots/snapshotLoader.js";

/**
 * Which profiles a bulk operation covers: a list of ids, every customer, or the members of a
 * segment query (its text, as analysts type it). A selection is plain data, so a request can come
 * over the wire and be recorded; the `CustomerSelection` given to `createCustomers` resolves it,
 * and `segmentSelection` from `@clientele/segments` is the one that understands `segment`.
 * @example selectionSchema.parse({ segment: "customer_tags CONTAINS 'vip'" })
 */
export const selectionSchema = z.union([
  z.strictObject({ ids: z.array(z.string().trim().min(1).max(64)).min(1).max(1_000_000) }),
  z.strictObject({ all: z.literal(true) }),
  z.strictObject({ segment: z.string().trim().min(1).max(10_000) }),
]);
/** A parsed selection. */
export type Selection = z.output<typeof selectionSchema>;

/** The port resolving a selection to profile ids, each once, in a stable order. */
export interface CustomerSelection {
  resolve(selection: Selection): Promise<string[]>;
}

/**
 * The embedded default: ids as given (first occurrence kept); `segment` is refused with
 * VALIDATION_FAILED (core cannot evaluate queries); `all` reads every customer stream's
 * creation from the store's log, which is a full scan. A read model (the directory, a segment
 * index) answers `all` without one; pass it as `selection` to `createCustomers`.
 * @example await storeSelection(store).resolve({ ids: ["cus_1", "cus_2"] })
 */
export const storeSelection = (store: EventStore): CustomerSelection => ({
  async resolve(selection) {
    if ("ids" in selection) return [...new Set(selection.ids)];
    if ("segment" in selection) {
      throw new ClienteleError(
        "VALIDATION_FAILED",
        "This store cannot resolve a segment selection: create the customers service with `selection: segmentSelection(reader)` from @clientele/segments.",
        { fields: ["selection.segment"] },
      );
    }
    const ids = new Set<string>();
    const events = await store.readAll({ filter: { streamPrefixes: [customerStreamPrefix] } });
    for (const event of events) {
      if (event.revision !== 0 || isSnapshotStream(event.streamName)) continue;
      ids.add(event.streamName.slice(customerStreamPrefix.length));
    }
    return [...ids];
  },
});
