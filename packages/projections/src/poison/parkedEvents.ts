import type { Projection } from "../projection.js";
import type { ReadModelStore } from "../readModel/readModelStore.js";
import { type ParkedEvent, parkedEventsKey } from "./poisonPolicy.js";

/**
 * The events a projection version kept out of its view (parked by the `park` policy or skipped
 * by an operator), oldest position first.
 *
 * @example for (const event of await listParkedEvents(readModel, timeline)) console.log(event.position, event.cause.message);
 */
export const listParkedEvents = async (
  readModel: ReadModelStore,
  projection: Pick<Projection, "name" | "version">,
): Promise<ParkedEvent[]> => {
  const fields = await readModel.readHash(projection.name, projection.version, parkedEventsKey);
  return Object.keys(fields)
    .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0))
    .map((position) => JSON.parse(fields[position] as string) as ParkedEvent);
};
