import {
  type CustomerEvent,
  customerStreamPrefix,
  isSnapshotStream,
  type RecordedEvent,
} from "@clientele/core";
import type { Projection } from "../projection.js";
import type { ViewWriter } from "../view/viewOps.js";
import { type SummaryWrites, summaryWrites } from "./summaryWrites.js";

/** Contact fields the directory shows; all wiped on deletion or redaction (privacy.md). */
const contactFields = ["firstName", "lastName", "email", "phone", "locale"] as const;

const emailIndex = "email:";
const phoneIndex = "phone:";

/** Phones are stored in E.164; a lookup typed with spaces or dashes still finds them. */
export const phoneLookupKey = (phone: string): string => phone.replace(/[\s().-]/g, "");

/** View keys of the directory, relative to the projection version. */
export const directoryKeys = {
  /**
   * Hash, one per profile so a batch touches one key per customer: firstName, lastName, email,
   * phone, locale, emailKey, phoneKey, accountState, status, survivorId, mergeInProgress,
   * defaultAddressId, emailConsent, smsConsent, revision, updatedAt; `tag:<tag>` = "1" for each
   * tag in the spelling the profile keeps; `order:<orderId>` = "total currency" (a re-recorded
   * order counts once). Profile field names have no colon, so they never collide.
   */
  customer: (customerId: string) => `customer:${customerId}`,
  /**
   * Hash, personal so kept apart for erasure to delete: `place:<addressId>` = JSON
   * [city, countryCode]; `rank:<addressId>` = the order it was added in (global position x 1024
   * + rank within the event), since the first remaining address becomes the default.
   */
  addresses: (customerId: string) => `customer:${customerId}:addresses`,
  /** String: the id of the customer with this email, any case. */
  email: (email: string) => `${emailIndex}${email.toLowerCase()}`,
  /** String: the id of the customer with this phone. */
  phone: (phone: string) => `${phoneIndex}${phoneLookupKey(phone)}`,
  /** Sorted set of customer ids scored by the global position of their last event. */
  updated: "updated",
};

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

const indexPhone = (view: ViewWriter, customerId: string, phone: string | null) =>
  view.setIndexedField(
    directoryKeys.customer(customerId),
    "phoneKey",
    phone === null ? null : phoneLookupKey(phone),
    { index: phoneIndex, id: customerId },
  );

type ContactChanges = { [field in (typeof contactFields)[number]]?: string | null };

/** `null` clears a field (CustomerUpdated's rule); `undefined` leaves it alone. */
const updateContact = (
  view: ViewWriter,
  summary: SummaryWrites,
  customerId: string,
  data: ContactChanges,
) => {
  const set: Record<string, string> = {};
  for (const field of contactFields) {
    const value = data[field];
    if (value === null) summary.delete(field);
    else if (value !== undefined) set[field] = value;
  }
  summary.set(set);
  if (data.email !== undefined) indexEmail(view, customerId, data.email);
  if (data.phone !== undefined) indexPhone(view, customerId, data.phone);
};

const tag = (summary: SummaryWrites, tags: readonly string[]) => {
  if (tags.length > 0) summary.set(Object.fromEntries(tags.map((name) => [`tag:${name}`, 1])));
};

/** Ranks for the addresses one event adds, in the order it lists them. */
type AddressOrder = () => number;
const addressOrder = (position: number): AddressOrder => {
  let rank = 0;
  return () => position * 1024 + Math.min(rank++, 1023);
};

const addAddress = (
  view: ViewWriter,
  customerId: string,
  address: { addressId: string; city: string; countryCode: string },
  order: AddressOrder | undefined,
) => {
  view.setFields(directoryKeys.addresses(customerId), {
    [`place:${address.addressId}`]: JSON.stringify([address.city, address.countryCode]),
    ...(order ? { [`rank:${address.addressId}`]: order() } : {}),
  });
};

/** What redaction, deletion and merging leave: status, tags, orders, account state (privacy.md). */
const erase = (
  view: ViewWriter,
  summary: SummaryWrites,
  customerId: string,
  status: "redacted" | "deleted" | "merged",
) => {
  summary.delete(...contactFields, "defaultAddressId");
  indexEmail(view, customerId, null);
  indexPhone(view, customerId, null);
  view.delete(directoryKeys.addresses(customerId));
  summary.set(
    status === "merged" ? { status } : { status, emailConsent: "REDACTED", smsConsent: "REDACTED" },
  );
};

/** One event's change to the summary; the survivor's `gained` events run through it too. */
const applyChange = (
  view: ViewWriter,
  summary: SummaryWrites,
  customerId: string,
  event: CustomerEvent,
  order: AddressOrder,
): void => {
  switch (event.type) {
    case "CustomerCreated": {
      const { data } = event;
      updateContact(view, summary, customerId, data);
      summary.set({
        status: "active",
        accountState: data.accountState,
        emailConsent: data.emailMarketingConsent.state,
        smsConsent: data.smsMarketingConsent.state,
        ...(data.defaultAddressId === null ? {} : { defaultAddressId: data.defaultAddressId }),
      });
      tag(summary, data.tags);
      for (const address of data.addresses) addAddress(view, customerId, address, order);
      return;
    }
    case "CustomerUpdated":
      updateContact(view, summary, customerId, event.data);
      // As in evolve: consent belongs to an address; with none left there is nobody to market to.
      if (event.data.email === null) summary.set({ emailConsent: "NOT_SUBSCRIBED" });
      if (event.data.phone === null) summary.set({ smsConsent: "NOT_SUBSCRIBED" });
      return;
    case "CustomerTagged":
      tag(summary, event.data.tags);
      return;
    case "CustomerUntagged":
      summary.delete(...event.data.tags.map((name) => `tag:${name}`));
      return;
    case "AddressAdded":
    case "AddressUpdated":
      addAddress(
        view,
        customerId,
        event.data.address,
        event.type === "AddressAdded" ? order : undefined,
      );
      return;
    case "AddressRemoved":
      view.deleteFields(
        directoryKeys.addresses(customerId),
        `place:${event.data.addressId}`,
        `rank:${event.data.addressId}`,
      );
      return;
    case "DefaultAddressSet":
      summary.set({ defaultAddressId: event.data.addressId });
      return;
    case "EmailMarketingConsentUpdated":
      summary.set({ emailConsent: event.data.state });
      return;
    case "SmsMarketingConsentUpdated":
      summary.set({ smsConsent: event.data.state });
      return;
    case "OrderRecorded":
      summary.set({
        [`order:${event.data.orderId}`]: `${event.data.total} ${event.data.currency}`,
      });
      return;
    case "AccountStateChanged":
      summary.set({ accountState: event.data.accountState });
      return;
    case "CustomerDeleted":
      erase(view, summary, customerId, "deleted");
      return;
    case "CustomerRedacted":
      erase(view, summary, customerId, "redacted");
      return;
    case "CustomerMergeStarted":
      summary.set({ mergeInProgress: event.data.mergeId });
      return;
    case "CustomerMergeAbandoned":
      summary.delete("mergeInProgress");
      return;
    case "CustomerMerged":
      summary.delete("mergeInProgress");
      for (const gained of event.data.gained) applyChange(view, summary, customerId, gained, order);
      return;
    case "CustomerMergedInto":
      // The survivor answers for this profile now and holds its personal data: the forwarding
      // summary keeps none, so erasing the survivor leaves nothing of the person behind here.
      erase(view, summary, customerId, "merged");
      summary.delete("mergeInProgress");
      summary.set({ survivorId: event.data.survivorId });
      return;
    default:
      return;
  }
};

/**
 * The customer directory: one summary per profile (contact details, city and country of the
 * default address, tags, orders and amount spent, consent, status, revision) with lookups by
 * email (any case) and phone, and an index by last update for list pages. Read it with
 * `readCustomer`, `findCustomerByEmail`, `findCustomerByPhone` and `listCustomers`.
 *
 * A merged-in profile keeps a forwarding summary, marked `merged` with the survivor's id, without
 * personal fields or lookups; the survivor gains what the merge gave it through the same
 * handlers (`gained`).
 * Redaction and deletion remove names, contact details, addresses and lookups; tags and orders
 * stay (not personal data, privacy.md). Event types it does not know change only `revision`.
 *
 * @example
 * await startProjector({ store, readModel, projection: directory });
 * await findCustomerByEmail(readModel, "Ada@Example.com"); // { id: "cus_1", ... }
 */
export const directory: Projection = {
  name: "directory",
  version: 2,
  streamPrefixes: [customerStreamPrefix],
  apply(recorded: RecordedEvent, view) {
    if (isSnapshotStream(recorded.streamName)) return;
    const customerId = recorded.streamName.slice(customerStreamPrefix.length);
    const position = Number(recorded.position);
    const summary = summaryWrites();
    summary.set({ revision: recorded.revision, updatedAt: recorded.metadata?.occurredAt ?? "" });
    view.addToSortedSet(directoryKeys.updated, customerId, position);
    // The command handler validated the data against customerEventSchema before appending.
    const event = { type: recorded.type, data: recorded.data } as CustomerEvent;
    applyChange(view, summary, customerId, event, addressOrder(position));
    summary.writeTo(view, directoryKeys.customer(customerId));
  },
};
