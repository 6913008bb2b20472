import { customerSubjectOf, shreddingEventTypes } from "../customer/personalFields.js";
import { customerStreamPrefix } from "../customer/streams.js";
import { subjectsOf } from "../customers/mergedHistory.js";
import type { EventStore, StreamFilter } from "../eventStore/eventStore.js";
import type { KeyStore } from "./keyStore.js";

export interface ShredClosedSubjectsOptions {
  /** Any store: the decorated one or the one beneath it (only event types are read). */
  store: EventStore;
  keyStore: KeyStore;
  /** Scan only after this global position (a checkpoint from a previous run). */
  after?: bigint;
  /** Default: customer streams. */
  filter?: StreamFilter;
  subjectOf?: (streamName: string) => string | undefined;
  shreddingEventTypes?: readonly string[];
  /** Events read per page. Default 1,000. */
  pageSize?: number;
}

export interface ShredClosedSubjectsResult {
  /** Subjects whose key was still alive after a shredding event, and is now destroyed. */
  shredded: string[];
  /** The last position scanned: pass it as `after` next time. */
  position: bigint | undefined;
}

/**
 * The recovery half of crypto-shredding: finds every subject with a redaction or deletion on
 * record whose key still exists (a crash between the append and the key's destruction) and
 * destroys it. Idempotent; run it at start-up, or from the erasure processor after a crash.
 *
 * @example
 * const { shredded, position } = await shredClosedSubjects({ store, keyStore, after: checkpoint });
 */
export const shredClosedSubjects = async (
  options: ShredClosedSubjectsOptions,
): Promise<ShredClosedSubjectsResult> => {
  const { store, keyStore } = options;
  const subjectOf = options.subjectOf ?? customerSubjectOf;
  const shredding = new Set(options.shreddingEventTypes ?? shreddingEventTypes);
  const filter = options.filter ?? { streamPrefixes: [customerStreamPrefix] };
  const pageSize = options.pageSize ?? 1_000;
  const shredded: string[] = [];
  let position = options.after;
  for (;;) {
    const page = await store.readAll({
      ...(position === undefined ? {} : { after: position }),
      maxCount: pageSize,
      filter,
    });
    for (const event of page) {
      const subject = shredding.has(event.type) ? subjectOf(event.streamName) : undefined;
      if (subject === undefined) continue;
      // Profiles merged into the closed one hold the same person's data under their own keys.
      for (const id of await subjectsOf(store, subject)) {
        if ((await keyStore.get(id)).status === "destroyed") continue;
        await keyStore.destroy(id);
        shredded.push(id);
      }
    }
    const last = page.at(-1);
    if (!last) return { shredded, position };
    position = last.position;
  }
};
