import type { Projection } from "../projection.js";

/** `customer-01H...` -> `customer`: the category EventStoreDB's `$by_category` would use. */
const category = (streamName: string) => streamName.split("-", 1)[0] as string;

/**
 * Per stream category: events per type, total and the last global position; the active
 * streams (archiving removes one); a bitmap of which revisions 0-1023 were seen; categories
 * ranked by their latest activity. Small on purpose, but it touches every view primitive, so
 * it proves the engine end to end.
 *
 * @example
 * await startProjector({ store, readModel, projection: streamStats });
 * await readModel.readHash("streamStats", 1, "category:customer"); // { total: "42", ... }
 */
export const streamStats: Projection = {
  name: "streamStats",
  version: 1,
  streamPrefixes: [],
  apply(event, view) {
    const name = category(event.streamName);
    const key = `category:${name}`;
    view.increment(key, "total");
    view.increment(key, `type:${event.type}`);
    view.setFields(key, { lastPosition: String(event.position), lastType: event.type });
    view.addToSortedSet("categories", name, Number(event.position));
    if (event.revision < 1024) view.setBit(`revisions:${name}`, event.revision, 1);
    if (event.type === "StreamArchived") {
      // An archived stream leaves the active set; the category forgets it was the latest.
      view.removeFromSet(`streams:${name}`, event.streamName);
      view.deleteFields(key, "lastType");
      view.delete(`last:${name}`);
      return;
    }
    view.addToSet(`streams:${name}`, event.streamName);
    view.set(`last:${name}`, event.streamName);
  },
};
