import { redactedPlaceholder } from "../privacy/placeholder.js";
import type { CustomerState } from "./state.js";
import { withChanges } from "./withChanges.js";

/**
 * What survives redaction or deletion: non-personal facts the merchant keeps for accounting
 * (orders, amounts, dates, subscriptions, tags). Names, contact details, addresses, the note,
 * payment details, email addresses and bodies and the Multipass identifier go (privacy.md);
 * marketing states read REDACTED. That an email was sent, and when, stays.
 */
export const withoutPersonalData = (state: CustomerState): CustomerState =>
  withChanges(state, {
    firstName: null,
    lastName: null,
    email: null,
    phone: null,
    addresses: [],
    defaultAddressId: null,
    note: "",
    paymentMethods: [],
    multipassIdentifier: null,
    emails: state.emails.map((email) => ({
      ...email,
      to: redactedPlaceholder,
      subject: redactedPlaceholder,
      body: redactedPlaceholder,
      failureReason: email.failureReason === null ? null : redactedPlaceholder,
    })),
    emailConsent: { state: "REDACTED", optInLevel: "UNKNOWN", consentUpdatedAt: null },
    smsConsent: { state: "REDACTED", optInLevel: "UNKNOWN", consentUpdatedAt: null },
  });
