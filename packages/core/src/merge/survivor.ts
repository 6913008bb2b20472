import type { CustomerState } from "../customer/state.js";

/** Why a profile survives, in the order customers.md applies the rules. */
export type SurvivorReason =
  | "EMAIL_KEPT"
  | "ONLY_ONE_WITH_EMAIL"
  | "ENABLED_ACCOUNT"
  | "MARKETING_CONSENT"
  | "SECOND_ID";

const subscribed = (state: CustomerState) =>
  state.emailConsent.state === "SUBSCRIBED" || state.smsConsent.state === "SUBSCRIBED";

/**
 * The survivor of merging `first` and `second`: the one whose email staff chose to keep; else the
 * only one with an email; else the only one with an ENABLED account, then the only one with
 * marketing consent; else the second id.
 * @example chooseSurvivor(a, b, undefined) // { survivor: b, reason: "SECOND_ID" }
 */
export const chooseSurvivor = (
  first: CustomerState,
  second: CustomerState,
  keptEmail: string | undefined,
): { survivor: CustomerState; absorbed: CustomerState; reason: SurvivorReason } => {
  const pair = [first, second] as const;
  const onlyOne = (test: (state: CustomerState) => boolean): CustomerState | undefined => {
    const passing = pair.filter(test);
    return passing.length === 1 ? passing[0] : undefined;
  };
  const pick = (survivor: CustomerState, reason: SurvivorReason) => ({
    survivor,
    absorbed: survivor === first ? second : first,
    reason,
  });
  if (keptEmail !== undefined) return pick(keptEmail === first.id ? first : second, "EMAIL_KEPT");
  const withEmail = onlyOne((state) => state.email !== null);
  if (withEmail) return pick(withEmail, "ONLY_ONE_WITH_EMAIL");
  const enabled = onlyOne((state) => state.accountState === "ENABLED");
  if (enabled) return pick(enabled, "ENABLED_ACCOUNT");
  const consenting = onlyOne(subscribed);
  if (consenting) return pick(consenting, "MARKETING_CONSENT");
  return pick(second, "SECOND_ID");
};
