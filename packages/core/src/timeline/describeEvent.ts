import { type Actor, describeActor } from "../actor.js";
import type { CustomerAddress } from "../customer/address.js";
import type { CustomerEvent } from "../customer/events/index.js";

const list = (items: readonly string[]) => items.join(", ");
const plural = (count: number, one: string, many: string) => (count === 1 ? one : many);
const recipientName = (kind: "customer" | "staff") =>
  kind === "staff" ? "staff member" : "customer";
const place = (address: CustomerAddress) =>
  [address.address1, address.city, address.countryCode].filter(Boolean).join(", ");

/** What happened, in the words a merchant's staff would use, without the actor. */
const whatHappened = (event: CustomerEvent): string => {
  switch (event.type) {
    case "CustomerCreated":
      return `Profile created (source: ${event.data.source})`;
    case "CustomerUpdated":
      return `Profile updated (${Object.keys(event.data).join(", ")})`;
    case "CustomerTagged":
      return `${plural(event.data.tags.length, "Tag", "Tags")} ${list(event.data.tags)} added`;
    case "CustomerUntagged":
      return `${plural(event.data.tags.length, "Tag", "Tags")} ${list(event.data.tags)} removed`;
    case "CustomerNoted":
      return event.data.note === "" ? "Note cleared" : "Note changed";
    case "AddressAdded":
      return `Address added: ${place(event.data.address)}`;
    case "AddressUpdated":
      return `Address changed to ${place(event.data.address)}`;
    case "AddressRemoved":
      return "Address removed";
    case "DefaultAddressSet":
      return "Default address changed";
    case "EmailMarketingConsentUpdated":
      return `Email marketing consent: ${event.data.state}`;
    case "SmsMarketingConsentUpdated":
      return `SMS marketing consent: ${event.data.state}`;
    case "OrderRecorded":
      return `Order ${event.data.orderId} placed (${event.data.total} ${event.data.currency})`;
    case "CheckoutAbandoned":
      return `Checkout ${event.data.checkoutId} abandoned`;
    case "SubscriptionStarted":
      return `Subscription ${event.data.contractId} started`;
    case "SubscriptionEnded":
      return `Subscription ${event.data.contractId} ended`;
    case "PaymentMethodStored":
      return `Payment method stored (${event.data.brand} ending ${event.data.last4})`;
    case "GiftCardScheduled":
      return `Gift card ${event.data.giftCardId} scheduled`;
    case "GiftCardDelivered":
      return `Gift card ${event.data.giftCardId} delivered`;
    case "StoreCreditAccountOpened":
      return "Store credit account opened";
    case "CompanyContactLinked":
      return `Linked to company ${event.data.companyId}`;
    case "MultipassIdentifierSet":
      return "Multipass identifier set";
    case "AccountStateChanged":
      return `Customer account ${event.data.accountState.toLowerCase()}`;
    case "CustomerDeleted":
      return "Profile deleted";
    case "RedactionRequested":
      return `Data erasure requested, due ${event.data.dueAt.slice(0, 10)}`;
    case "RedactionCancelled":
      return "Data erasure cancelled";
    case "CustomerRedacted":
      return "Personal data erased";
    case "CustomerMergedInto":
      return `Merged into ${event.data.survivorId}`;
    case "EmailSent":
      return `Email "${event.data.subject}" ${event.data.resendOf ? "re-sent" : "sent"} to the ${recipientName(event.data.recipient)}`;
    case "PaymentMethodUpdateEmailSent":
      return "Payment method update email sent to the customer";
    case "EmailDelivered":
      return `Email ${event.data.emailId} delivered`;
    // The reason stays off the timeline: a server's refusal often quotes the address.
    case "EmailDeliveryFailed":
      return `Email ${event.data.emailId} could not be delivered (flagged)`;
    case "PaymentMethodReplaced":
      return `Payment method replaced (${event.data.replacement.brand} ending ${event.data.replacement.last4})`;
    case "PaymentMethodRemoved":
      return "Payment method removed";
    case "CustomerMergeStarted":
      return `Merge of ${event.data.absorbedId} into ${event.data.survivorId} started`;
    case "CustomerMerged":
      return `Merged with ${event.data.absorbedId} (${event.data.gained.length} ${plural(event.data.gained.length, "change", "changes")} gained)`;
    case "CustomerMergeAbandoned":
      return `Merge ${event.data.mergeId} abandoned`;
    case "DataRequestStarted":
      return `Customer data request ${event.data.requestId} started`;
    case "DataRequestCompleted":
      return `Customer data request ${event.data.requestId} completed`;
    default:
      return unknownEvent(event);
  }
};

// An event type added to the union but not here fails to compile; one from a newer writer reads plainly.
const unknownEvent = (event: never): string => `${(event as { type: string }).type} recorded`;

/**
 * One timeline line, e.g. `Tag VIP added by staff anna`. Never includes the note's text or other
 * personal details beyond what the event type needs, so it is safe for an audit log.
 *
 * @example describeCustomerEvent({ type: "CustomerTagged", data: { tags: ["VIP"] } }, { kind: "staff", staffId: "anna" })
 */
export const describeCustomerEvent = (event: CustomerEvent, actor: Actor): string =>
  `${whatHappened(event)} by ${describeActor(actor)}`;
