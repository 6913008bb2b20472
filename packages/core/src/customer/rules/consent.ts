import { ClienteleError } from "../../errors.js";
import type { CommandOf } from "../commands/index.js";
import type { CustomerEvent } from "../events/index.js";
import type { Consent, CustomerState } from "../state.js";

/**
 * Marketing consent belongs to an address: email consent needs an email on the profile, SMS
 * consent a phone (customers.md). REDACTED and INVALID are set by the system only; the command
 * schema does not even accept them.
 */
export const assertCanHoldEmailConsent = (email: string | null): void => {
  if (!email) {
    throw new ClienteleError(
      "CONSENT_REQUIRES_EMAIL",
      "Email marketing consent needs an email on the profile; add an email first.",
      { field: "email" },
    );
  }
};

export const assertCanHoldSmsConsent = (phone: string | null): void => {
  if (!phone) {
    throw new ClienteleError(
      "CONSENT_REQUIRES_PHONE",
      "SMS marketing consent needs a phone number on the profile; add a phone first.",
      { field: "phone" },
    );
  }
};

type ConsentCommand = CommandOf<"UpdateEmailMarketingConsent" | "UpdateSmsMarketingConsent">;

/** Same state and level as held: nothing changed, so nothing is recorded (not even the date). */
const unchanged = (command: ConsentCommand, held: Consent): boolean =>
  command.state === held.state && command.optInLevel === held.optInLevel;

const recordOf = (command: ConsentCommand, now: Date) => ({
  state: command.state,
  optInLevel: command.optInLevel,
  consentUpdatedAt: command.consentUpdatedAt ?? now.toISOString(),
});

export const decideEmailConsent = (
  command: CommandOf<"UpdateEmailMarketingConsent">,
  state: CustomerState,
  now: Date,
): CustomerEvent[] => {
  assertCanHoldEmailConsent(state.email);
  if (unchanged(command, state.emailConsent)) return [];
  return [{ type: "EmailMarketingConsentUpdated", data: recordOf(command, now) }];
};

export const decideSmsConsent = (
  command: CommandOf<"UpdateSmsMarketingConsent">,
  state: CustomerState,
  now: Date,
): CustomerEvent[] => {
  assertCanHoldSmsConsent(state.phone);
  if (unchanged(command, state.smsConsent)) return [];
  return [{ type: "SmsMarketingConsentUpdated", data: recordOf(command, now) }];
};
