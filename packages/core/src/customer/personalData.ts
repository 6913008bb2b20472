import type { CustomerState } from "./state.js";
import { withChanges } from "./withChanges.js";

/**
 * What survives redaction or deletion: non-personal facts the merchant keeps for accounting
 * (orders, amounts, dates, subscriptions, tags). Names, contact details, addresses, the note,
 * payment details and the Multipass identifier go (privacy.md); marketing states read REDACTED.
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
    emailConsent: { state: "REDACTED", optInLevel: "UNKNOWN", consentUpdatedAt: null },
    smsConsent: { state: "REDACTED", optInLevel: "UNKNOWN", consentUpdatedAt: null },
  });
