import { z } from "zod";
import { optInLevelSchema, settableConsentStateSchema } from "../vocabulary.js";
import { commandBase, isoDateTimeSchema } from "./fields.js";

const consentFields = {
  ...commandBase,
  state: settableConsentStateSchema,
  optInLevel: optInLevelSchema.default("UNKNOWN"),
  /** When the customer gave or withdrew consent; defaults to now. */
  consentUpdatedAt: isoDateTimeSchema.optional(),
};

export const updateEmailMarketingConsentSchema = z.strictObject({
  type: z.literal("UpdateEmailMarketingConsent"),
  ...consentFields,
});

export const updateSmsMarketingConsentSchema = z.strictObject({
  type: z.literal("UpdateSmsMarketingConsent"),
  ...consentFields,
});
