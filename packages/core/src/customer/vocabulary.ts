import { z } from "zod";

/** How a profile came to be; recorded once, on CustomerCreated. */
export const customerSources = [
  "sign_up",
  "account",
  "order",
  "checkout",
  "manual",
  "import",
] as const;
export const customerSourceSchema = z.enum(customerSources);
export type CustomerSource = z.infer<typeof customerSourceSchema>;

/** Consent states a person can choose; REDACTED and INVALID are only ever set by the system. */
export const settableConsentStates = [
  "NOT_SUBSCRIBED",
  "PENDING",
  "SUBSCRIBED",
  "UNSUBSCRIBED",
] as const;
export const settableConsentStateSchema = z.enum(settableConsentStates);
export type SettableConsentState = z.infer<typeof settableConsentStateSchema>;
export type ConsentState = SettableConsentState | "REDACTED" | "INVALID";

export const optInLevels = ["SINGLE_OPT_IN", "CONFIRMED_OPT_IN", "UNKNOWN"] as const;
export const optInLevelSchema = z.enum(optInLevels);
export type OptInLevel = z.infer<typeof optInLevelSchema>;

export const accountStates = ["DISABLED", "INVITED", "ENABLED", "DECLINED"] as const;
export const accountStateSchema = z.enum(accountStates);
export type AccountState = z.infer<typeof accountStateSchema>;
