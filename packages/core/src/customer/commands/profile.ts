import { z } from "zod";
import { addressInputSchema } from "../address.js";
import {
  accountStateSchema,
  customerSourceSchema,
  optInLevelSchema,
  settableConsentStateSchema,
} from "../vocabulary.js";
import {
  commandBase,
  emailSchema,
  localeSchema,
  nameSchema,
  phoneSchema,
  taxExemptionsSchema,
} from "./fields.js";
import { tagsInputSchema } from "./tagsInput.js";

const consentInputSchema = z.strictObject({
  state: settableConsentStateSchema,
  optInLevel: optInLevelSchema.default("UNKNOWN"),
});

/** Shopify refuses a customer with no name, email or phone: nobody could find them again. */
const hasIdentity = (c: {
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
}) => Boolean(c.firstName || c.lastName || c.email || c.phone);

export const createCustomerSchema = z
  .strictObject({
    type: z.literal("CreateCustomer"),
    ...commandBase,
    source: customerSourceSchema,
    firstName: nameSchema.optional(),
    lastName: nameSchema.optional(),
    email: emailSchema.optional(),
    phone: phoneSchema.optional(),
    locale: localeSchema.optional(),
    taxExempt: z.boolean().optional(),
    taxExemptions: taxExemptionsSchema.optional(),
    tags: tagsInputSchema.optional(),
    note: z.string().optional(),
    addresses: z.array(addressInputSchema).optional(),
    accountState: accountStateSchema.optional(),
    emailMarketingConsent: consentInputSchema.optional(),
    smsMarketingConsent: consentInputSchema.optional(),
  })
  .refine(hasIdentity, {
    message: "a customer needs at least a first name, last name, email or phone",
    path: ["email"],
  });

/** Absent means "leave as is"; null means "clear it". */
export const updateCustomerSchema = z.strictObject({
  type: z.literal("UpdateCustomer"),
  ...commandBase,
  firstName: nameSchema.nullable().optional(),
  lastName: nameSchema.nullable().optional(),
  email: emailSchema.nullable().optional(),
  phone: phoneSchema.nullable().optional(),
  locale: localeSchema.nullable().optional(),
  taxExempt: z.boolean().optional(),
  taxExemptions: taxExemptionsSchema.optional(),
});
