import { displayName } from "../customer/displayName.js";
import type { CustomerEvent } from "../customer/events/index.js";
import type { CustomerState } from "../customer/state.js";
import { customerStreamPrefix } from "../customer/streams.js";
import type { RecordedEvent } from "../eventStore/eventStore.js";
import { describeCustomerEvent } from "../timeline/describeEvent.js";
import type { CustomerDataExport } from "./exportSchema.js";

const about =
  "A copy of the personal data this store holds about you: your profile, your orders and the " +
  "history of every change to your profile, with who made it and when. Staff notes are internal " +
  "and not included. Dates are UTC (ISO 8601); amounts are decimal strings in the order's currency.";

const actorOf = (event: RecordedEvent): CustomerDataExport["timeline"][number]["actor"] => {
  const actor = event.metadata.actor;
  switch (actor.kind) {
    case "staff":
      return { kind: "staff", id: actor.staffId };
    case "customer":
      return { kind: "customer", id: actor.customerId };
    case "system":
      return { kind: "system", reason: actor.reason };
  }
};

/**
 * Builds version 1 of the data export from a profile's state and its full history (absorbed
 * profiles included). Pure. The staff note is left out: it is never shown to the customer.
 * @example toDataExport(state, history, { exportedAt: new Date(), requestId: "r1" })
 */
export const toDataExport = (
  state: CustomerState,
  history: readonly RecordedEvent[],
  { exportedAt, requestId }: { exportedAt: Date; requestId: string | null },
): CustomerDataExport => ({
  format: "clientele.customer-data-export",
  version: 1,
  about,
  exportedAt: exportedAt.toISOString(),
  requestId,
  customer: {
    id: state.id ?? "",
    status: state.status === "none" ? "active" : state.status,
    displayName: displayName(state),
    firstName: state.firstName,
    lastName: state.lastName,
    email: state.email,
    phone: state.phone,
    locale: state.locale,
    taxExempt: state.taxExempt,
    taxExemptions: [...state.taxExemptions],
    tags: [...state.tags],
    addresses: state.addresses.map((address) => ({ ...address })),
    defaultAddressId: state.defaultAddressId,
    emailMarketingConsent: { ...state.emailConsent },
    smsMarketingConsent: { ...state.smsConsent },
    accountState: state.accountState,
    paymentMethods: state.paymentMethods.map(({ brand, last4 }) => ({ brand, last4 })),
    abandonedCheckouts: state.checkouts.map((checkout) => ({ ...checkout })),
    mergedProfileIds: [...state.absorbedIds],
  },
  orders: state.orders.map((order) => ({
    ...order,
    lineItems: order.lineItems.map((item) => ({ ...item })),
  })),
  timeline: history.map((event) => ({
    at: event.metadata.occurredAt,
    profileId: event.streamName.slice(customerStreamPrefix.length),
    event: event.type,
    description: describeCustomerEvent(
      { type: event.type, data: event.data } as CustomerEvent,
      event.metadata.actor,
    ),
    actor: actorOf(event),
  })),
});
