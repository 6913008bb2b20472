import { z } from "zod";
import { customerStreamPrefix } from "../customer/streams.js";
import type { EventStore } from "../eventStore/eventStore.js";
import { isSnapshotStream } from "../snapshots/snapshotLoader.js";

/**
 * Which profiles a bulk operation covers: a list of ids or every customer. The segments package
 * adds `{ segment: query }` through its own `CustomerSelection`.
 * @example selectionSchema.parse({ all: true })
 */
export const selectionSchema = z.union([
  z.strictObject({ ids: z.array(z.string().trim().min(1).max(64)).min(1).max(1_000_000) }),
  z.strictObject({ all: z.literal(true) }),
]);
/** A parsed selection. */
export type Selection = z.output<typeof selectionSchema>;

/** The port resolving a selection to profile ids, each once, in a stable order. */
export interface CustomerSelection {
  resolve(selection: Selection): Promise<string[]>;
}

/**
 * The embedded default: ids as given (first occurrence kept); `all` reads every customer stream's
 * creation from the store's log, which is a full scan. A read model (the directory, a segment
 * index) answers `all` without one; pass it as `selection` to `createCustomers`.
 * @example await storeSelection(store).resolve({ ids: ["cus_1", "cus_2"] })
 */
export const storeSelection = (store: EventStore): CustomerSelection => ({
  async resolve(selection) {
    if ("ids" in selection) return [...new Set(selection.ids)];
    const ids = new Set<string>();
    const events = await store.readAll({ filter: { streamPrefixes: [customerStreamPrefix] } });
    for (const event of events) {
      if (event.revision !== 0 || isSnapshotStream(event.streamName)) continue;
      ids.add(event.streamName.slice(customerStreamPrefix.length));
    }
    return [...ids];
  },
});
