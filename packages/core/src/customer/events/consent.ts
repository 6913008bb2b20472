import { defineEvent } from "./define.js";
import { consentRecordSchema } from "./profile.js";

export const emailMarketingConsentUpdatedSchema = defineEvent(
  "EmailMarketingConsentUpdated",
  consentRecordSchema,
);

export const smsMarketingConsentUpdatedSchema = defineEvent(
  "SmsMarketingConsentUpdated",
  consentRecordSchema,
);
