import { z } from "zod";
import { customerAddressSchema } from "../address.js";
import {
  emailSchema,
  isoDateTimeSchema,
  localeSchema,
  nameSchema,
  phoneSchema,
  taxExemptionsSchema,
} from "../commands/fields.js";
import {
  accountStateSchema,
  customerSourceSchema,
  optInLevelSchema,
  settableConsentStateSchema,
} from "../vocabulary.js";
import { defineEvent } from "./define.js";

export const consentRecordSchema = z.object({
  state: settableConsentStateSchema,
  optInLevel: optInLevelSchema,
  consentUpdatedAt: isoDateTimeSchema.nullable(),
});
export type ConsentRecord = z.infer<typeof consentRecordSchema>;

/** The whole initial profile, so a stream's first event alone rebuilds it. */
export const customerCreatedSchema = defineEvent(
  "CustomerCreated",
  z.object({
    customerId: z.string().min(1),
    source: customerSourceSchema,
    firstName: nameSchema.nullable(),
    lastName: nameSchema.nullable(),
    email: emailSchema.nullable(),
    phone: phoneSchema.nullable(),
    locale: localeSchema.nullable(),
    taxExempt: z.boolean(),
    taxExemptions: taxExemptionsSchema,
    tags: z.array(z.string()),
    note: z.string(),
    addresses: z.array(customerAddressSchema),
    defaultAddressId: z.string().nullable(),
    accountState: accountStateSchema,
    emailMarketingConsent: consentRecordSchema,
    smsMarketingConsent: consentRecordSchema,
  }),
);

/** Only the fields that changed; a key present with null means the field was cleared. */
export const customerUpdatedSchema = defineEvent(
  "CustomerUpdated",
  z.object({
    firstName: nameSchema.nullable().optional(),
    lastName: nameSchema.nullable().optional(),
    email: emailSchema.nullable().optional(),
    phone: phoneSchema.nullable().optional(),
    locale: localeSchema.nullable().optional(),
    taxExempt: z.boolean().optional(),
    taxExemptions: taxExemptionsSchema.optional(),
  }),
);
