import type { CustomerCommand } from "./commands/index.js";
import type { CustomerEvent } from "./events/index.js";
import { tagKey } from "./tagSet.js";

/*
 * Re-deciding a command on fresh state is safe when the events that landed since the staff
 * member's revision touch parts of the profile disjoint from what the command reads to decide:
 * then the staff member's intent does not depend on what changed, and `decide` re-checks every
 * invariant (limits, blockers) on the fresh state anyway. Parts are named like paths
 * (`tags:vip`, `addresses:a1`, `field:email`); a part overlaps itself and everything beneath it,
 * so a command reading `tags` (the whole set) conflicts with any tag change.
 */

type Part = string;

/** Reads everything: a command that must see the profile exactly as the staff member did. */
const everything: Part = "";

const closing = new Set<CustomerEvent["type"]>([
  "CustomerDeleted",
  "CustomerRedacted",
  "CustomerMergedInto",
]);

const readsOf = (command: CustomerCommand): Part[] => {
  switch (command.type) {
    // Creating presumes no profile; deleting is irreversible, so it must follow the latest state.
    case "CreateCustomer":
    case "DeleteCustomer":
    case "RedactCustomer":
      return [everything];
    // The due date depends on the orders, but re-deciding recomputes it from the fresh state.
    case "RequestDataErasure":
    case "CancelDataErasure":
      return ["redaction"];
    case "StartDataRequest":
    case "CompleteDataRequest":
      return ["dataRequest"];
    case "UpdateCustomer": {
      const { type: _t, customerId: _c, expectedRevision: _r, ...fields } = command;
      return Object.entries(fields)
        .filter(([, value]) => value !== undefined)
        .map(([field]) => `field:${field}`);
    }
    case "AddTags":
    case "RemoveTags":
      return command.tags.map((tag) => `tags:${tagKey(tag)}`);
    // Replacing states the whole list the staff member saw, so any tag change conflicts.
    case "ReplaceTags":
      return ["tags"];
    case "SetNote":
      return ["note"];
    case "AddAddress":
      return command.setAsDefault ? ["defaultAddress"] : [];
    case "UpdateAddress":
    case "RemoveAddress":
      return [`addresses:${command.addressId}`];
    case "SetDefaultAddress":
      return [`addresses:${command.addressId}`, "defaultAddress"];
    // Consent is given for one address: a changed email or phone changes what was consented to.
    case "UpdateEmailMarketingConsent":
      return ["emailConsent", "field:email"];
    case "UpdateSmsMarketingConsent":
      return ["smsConsent", "field:phone"];
    case "ChangeAccountState":
      return ["accountState"];
    // Facts from elsewhere are idempotent and depend on nothing staff edit.
    case "RecordOrder":
    case "RecordAbandonedCheckout":
    case "StartSubscription":
    case "EndSubscription":
    case "StorePaymentMethod":
    case "ScheduleGiftCard":
    case "DeliverGiftCard":
    case "OpenStoreCreditAccount":
    case "LinkCompanyContact":
    case "SetMultipassIdentifier":
    case "RecordEmailDelivered":
    case "RecordEmailDeliveryFailed":
      return [];
    // Sending to the customer reads their address; a chosen id must still be free.
    case "SendEmail":
      return [
        ...(command.recipient.kind === "customer" ? ["field:email"] : []),
        ...(command.emailId === undefined ? [] : [`emails:${command.emailId}`]),
      ];
    // The message resent never changes after it was sent; only the address may.
    case "ResendEmail":
      return [
        `emails:${command.emailId}`,
        ...(command.recipient.kind === "customer" ? ["field:email"] : []),
      ];
    case "SendPaymentMethodUpdateEmail":
      return [`facts:paymentMethod:${command.paymentMethodId}`, "field:email", "field:firstName"];
    case "ReplacePaymentMethod":
      return [
        `facts:paymentMethod:${command.paymentMethodId}`,
        `facts:paymentMethod:${command.replacement.paymentMethodId}`,
      ];
    case "RemovePaymentMethod":
      return [`facts:paymentMethod:${command.paymentMethodId}`];
  }
};

const writesOf = (event: CustomerEvent): Part[] => {
  switch (event.type) {
    case "CustomerCreated":
      return [
        "lifecycle",
        "field",
        "tags",
        "note",
        "addresses",
        "defaultAddress",
        "emailConsent",
        "smsConsent",
        "accountState",
      ];
    case "CustomerUpdated": {
      const fields = Object.keys(event.data).map((field) => `field:${field}`);
      // Clearing the email or phone also clears the consent that belonged to it (evolve).
      if (event.data.email === null) fields.push("emailConsent");
      if (event.data.phone === null) fields.push("smsConsent");
      return fields;
    }
    case "CustomerTagged":
    case "CustomerUntagged":
      return event.data.tags.map((tag) => `tags:${tagKey(tag)}`);
    case "CustomerNoted":
      return ["note"];
    case "AddressAdded":
    case "AddressUpdated":
      return [`addresses:${event.data.address.addressId}`];
    // Removing the default address moves the default to another one.
    case "AddressRemoved":
      return [`addresses:${event.data.addressId}`, "defaultAddress"];
    case "DefaultAddressSet":
      return ["defaultAddress"];
    case "EmailMarketingConsentUpdated":
      return ["emailConsent"];
    case "SmsMarketingConsentUpdated":
      return ["smsConsent"];
    case "AccountStateChanged":
      return ["accountState"];
    case "RedactionRequested":
    case "RedactionCancelled":
      return ["redaction"];
    case "OrderRecorded":
      return [`facts:order:${event.data.orderId}`];
    case "CheckoutAbandoned":
      return [`facts:checkout:${event.data.checkoutId}`];
    case "SubscriptionStarted":
    case "SubscriptionEnded":
      return [`facts:subscription:${event.data.contractId}`];
    case "PaymentMethodStored":
      return [`facts:paymentMethod:${event.data.paymentMethodId}`];
    case "GiftCardScheduled":
    case "GiftCardDelivered":
      return [`facts:giftCard:${event.data.giftCardId}`];
    case "StoreCreditAccountOpened":
      return ["facts:storeCredit"];
    case "CompanyContactLinked":
      return ["facts:company"];
    case "MultipassIdentifierSet":
      return ["facts:multipass"];
    case "CustomerDeleted":
    case "CustomerRedacted":
    case "CustomerMergedInto":
      return ["lifecycle"];
    case "EmailSent":
    case "PaymentMethodUpdateEmailSent":
      return [`emails:${event.data.emailId}`];
    // An outcome changes a send's status, which no staff command reads.
    case "EmailDelivered":
    case "EmailDeliveryFailed":
      return [`emailStatus:${event.data.emailId}`];
    case "PaymentMethodReplaced":
      return [
        `facts:paymentMethod:${event.data.paymentMethodId}`,
        `facts:paymentMethod:${event.data.replacement.paymentMethodId}`,
      ];
    case "PaymentMethodRemoved":
      return [`facts:paymentMethod:${event.data.paymentMethodId}`];
    // A merge in progress refuses staff edits; re-deciding on the fresh state reports it.
    case "CustomerMergeStarted":
    case "CustomerMergeAbandoned":
      return ["merge"];
    // Gaining another profile's data may touch any part of this one.
    case "CustomerMerged":
      return [everything];
    case "DataRequestStarted":
    case "DataRequestCompleted":
      return ["dataRequest"];
  }
};

const overlaps = (a: Part, b: Part): boolean =>
  a === everything || b === everything || a === b || a.startsWith(`${b}:`) || b.startsWith(`${a}:`);

/**
 * Whether `command`, decided against an older revision, may be re-decided on the state after
 * `interveningEvents` instead of failing with CONCURRENCY_CONFLICT. A closing event (deleted,
 * redacted, merged) never commutes: the profile no longer accepts the command at all.
 * @example
 * commutes({ type: "AddTags", customerId: "cus_1", tags: ["A"] }, [{ type: "CustomerTagged", data: { tags: ["B"] } }]) // true
 */
export const commutes = (
  command: CustomerCommand,
  interveningEvents: readonly CustomerEvent[],
): boolean => {
  const reads = readsOf(command);
  return interveningEvents.every(
    (event) =>
      !closing.has(event.type) &&
      !writesOf(event).some((written) => reads.some((read) => overlaps(read, written))),
  );
};
