import { customerStreamName } from "../customer/streams.js";
import type { EventStore, RecordedEvent } from "../eventStore/eventStore.js";

/**
 * The ids of every profile merged into `customerId`, recursively, with `customerId` first.
 * @example await subjectsOf(store, survivorId) // ["cus_survivor", "cus_absorbed"]
 */
export const subjectsOf = async (store: EventStore, customerId: string): Promise<string[]> => {
  const found: string[] = [];
  const visit = async (id: string) => {
    if (found.includes(id)) return;
    found.push(id);
    for (const event of await store.readStream(customerStreamName(id))) {
      if (event.type === "CustomerMerged") await visit(String(event.data.absorbedId));
    }
  };
  await visit(customerId);
  return found;
};

/**
 * A profile's events and those of every profile merged into it (recursively), in global order, so
 * an auditor replays everything that happened to the person. Each event keeps its `streamName`.
 * @example (await historyWithAbsorbed(store, survivorId)).map((e) => e.streamName)
 */
export const historyWithAbsorbed = async (
  store: EventStore,
  customerId: string,
): Promise<RecordedEvent[]> => {
  const ids = await subjectsOf(store, customerId);
  const streams = await Promise.all(ids.map((id) => store.readStream(customerStreamName(id))));
  return streams
    .flat()
    .sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
};
