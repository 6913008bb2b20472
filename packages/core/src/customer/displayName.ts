import type { CustomerState } from "./state.js";

/**
 * How a profile is named in lists and on the timeline (customers.md): first + last name, else
 * the email, else the phone; null for a profile with none of them (redacted or deleted).
 * @example displayName({ ...state, firstName: "Ada", lastName: null }) // "Ada"
 */
export const displayName = (
  profile: Pick<CustomerState, "firstName" | "lastName" | "email" | "phone">,
): string | null => {
  const name = [profile.firstName, profile.lastName].filter(Boolean).join(" ");
  return name || profile.email || profile.phone || null;
};
