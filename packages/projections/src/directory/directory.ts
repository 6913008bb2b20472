import { type CustomerEvent, customerStreamPrefix } from "@clientele/core";
import type { Projection } from "../projection.js";

/** Contact fields the directory shows; all shredded on deletion or redaction (privacy.md). */
const personalFields = ["firstName", "lastName", "email", "phone", "locale"] as const;

/** `null` clears a field (CustomerUpdated's rule); `undefined` leaves it alone. */
const changedFields = (data: { [field in (typeof personalFields)[number]]?: string | null }) => {
  const set: Record<string, string> = {};
  const cleared: string[] = [];
  for (const field of personalFields) {
    const value = data[field];
    if (value === null) cleared.push(field);
    else if (value !== undefined) set[field] = value;
  }
  return { set, cleared };
};

/** View keys of the directory, relative to the projection version. */
export const directoryKeys = {
  /** Hash: firstName, lastName, email, phone, locale, accountState, status, survivorId, revision. */
  customer: (customerId: string) => `customer:${customerId}`,
  /** Set of the customer's tags, in the spelling the profile keeps. */
  tags: (customerId: string) => `customer:${customerId}:tags`,
  /** Sorted set of customer ids scored by the global position of their creation (list pages). */
  created: "created",
};

/**
 * The customer directory: one hash per customer for list and detail pages, plus their tags and
 * a creation-ordered index. Every event of the stream moves `revision`, so a page can tell a
 * reader whether the profile it shows is the one its command just wrote.
 *
 * @example
 * await startProjector({ store, readModel, projection: directory });
 * await readModel.readHash("directory", 1, directoryKeys.customer("cus_01J...")); // { email, ... }
 */
export const directory: Projection = {
  name: "directory",
  version: 1,
  streamPrefixes: [customerStreamPrefix],
  apply(recorded, view) {
    const customerId = recorded.streamName.slice(customerStreamPrefix.length);
    const key = directoryKeys.customer(customerId);
    // The command handler validated the data against customerEventSchema before appending.
    const event = { type: recorded.type, data: recorded.data } as CustomerEvent;
    view.setFields(key, { revision: recorded.revision });
    switch (event.type) {
      case "CustomerCreated": {
        const { set } = changedFields(event.data);
        view.setFields(key, { ...set, accountState: event.data.accountState, status: "active" });
        view.addToSet(directoryKeys.tags(customerId), ...event.data.tags);
        view.addToSortedSet(directoryKeys.created, customerId, Number(recorded.position));
        return;
      }
      case "CustomerUpdated": {
        const { set, cleared } = changedFields(event.data);
        view.setFields(key, set);
        view.deleteFields(key, ...cleared);
        return;
      }
      case "CustomerTagged":
        view.addToSet(directoryKeys.tags(customerId), ...event.data.tags);
        return;
      case "CustomerUntagged":
        view.removeFromSet(directoryKeys.tags(customerId), ...event.data.tags);
        return;
      case "AccountStateChanged":
        view.setFields(key, { accountState: event.data.accountState });
        return;
      case "CustomerDeleted":
      case "CustomerRedacted":
        view.deleteFields(key, ...personalFields);
        view.setFields(key, { status: event.type === "CustomerDeleted" ? "deleted" : "redacted" });
        return;
      case "CustomerMergedInto":
        view.setFields(key, { status: "merged", survivorId: event.data.survivorId });
        return;
      default:
        return;
    }
  },
};
