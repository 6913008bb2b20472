import { type CustomerEvent, customerStreamPrefix } from "@clientele/core";
import type { Projection } from "../projection.js";
import type { ViewWriter } from "../view/viewOps.js";

/** Contact fields the directory shows; all shredded on deletion or redaction (privacy.md). */
const personalFields = ["firstName", "lastName", "email", "phone", "locale"] as const;

const emailIndex = "email:";

/** Emails are looked up case-insensitively; the profile keeps the spelling it was given. */
const indexEmail = (view: ViewWriter, customerId: string, email: string | null) =>
  view.setIndexedField(
    directoryKeys.customer(customerId),
    "emailKey",
    email?.toLowerCase() ?? null,
    {
      index: emailIndex,
      id: customerId,
    },
  );

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

const tag = (view: ViewWriter, customerId: string, tags: readonly string[]) => {
  view.addToSet(directoryKeys.tags(customerId), ...tags);
  for (const name of tags) view.addToSet(directoryKeys.tagged(name), customerId);
};

/** View keys of the directory, relative to the projection version. */
export const directoryKeys = {
  /** Hash: firstName, lastName, email, phone, locale, accountState, status, survivorId, revision. */
  customer: (customerId: string) => `customer:${customerId}`,
  /** Set of the customer's tags, in the spelling the profile keeps. */
  tags: (customerId: string) => `customer:${customerId}:tags`,
  /** String: the id of the customer with this email, any case. */
  email: (email: string) => `${emailIndex}${email.toLowerCase()}`,
  /** Set of the ids of customers holding the tag (segment filters, "tagged VIP"). */
  tagged: (tag: string) => `tag:${tag}`,
  /** Sorted set of customer ids scored by the global position of their creation (list pages). */
  created: "created",
};

/**
 * The customer directory: one hash per customer for list and detail pages, their tags, the
 * customers of each tag, an email lookup, and a creation-ordered index. Tags outlive deletion and redaction on
 * purpose (they are not personal data, privacy.md), so a deleted customer stays in `tag:` sets
 * with `status` telling readers to skip it. Every event of the stream moves `revision`, so a page can tell a
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
        tag(view, customerId, event.data.tags);
        indexEmail(view, customerId, event.data.email);
        view.addToSortedSet(directoryKeys.created, customerId, Number(recorded.position));
        return;
      }
      case "CustomerUpdated": {
        const { set, cleared } = changedFields(event.data);
        view.setFields(key, set);
        view.deleteFields(key, ...cleared);
        if (event.data.email !== undefined) indexEmail(view, customerId, event.data.email);
        return;
      }
      case "CustomerTagged":
        tag(view, customerId, event.data.tags);
        return;
      case "CustomerUntagged":
        view.removeFromSet(directoryKeys.tags(customerId), ...event.data.tags);
        for (const name of event.data.tags)
          view.removeFromSet(directoryKeys.tagged(name), customerId);
        return;
      case "AccountStateChanged":
        view.setFields(key, { accountState: event.data.accountState });
        return;
      case "CustomerDeleted":
      case "CustomerRedacted":
        view.deleteFields(key, ...personalFields);
        indexEmail(view, customerId, null);
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
