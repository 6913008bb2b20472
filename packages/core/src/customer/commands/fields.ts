import { z } from "zod";

/** Shopify stores emails lower-cased and trimmed; comparing and storing one form avoids duplicates. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("expected an email address like name@example.com").max(254));

/** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. */
export const e164Pattern = /^\+[1-9]\d{6,14}$/;

export const phoneSchema = z
  .string()
  .trim()
  .regex(e164Pattern, "expected an E.164 phone number like +14155550123");

/** Names are free text, but capped so a profile stays displayable and indexable. */
export const nameSchema = z.string().trim().max(255);

export const localeSchema = z
  .string()
  .trim()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "expected a locale like en or pt-BR");

export const taxExemptionsSchema = z.array(z.string().trim().min(1).max(100)).max(100);

export const isoDateTimeSchema = z.iso.datetime({ offset: true });

/** Amounts travel as decimal strings so no float rounding touches money. */
export const moneyAmountSchema = z
  .string()
  .regex(/^\d{1,15}(\.\d{1,4})?$/, 'expected a decimal amount like "10.99"');

export const currencySchema = z.string().regex(/^[A-Z]{3}$/, "expected an ISO 4217 code like USD");

/** Fields every customer command carries. */
export const commandBase = {
  customerId: z.string().trim().min(1).max(64),
  /** The stream revision the staff member saw; -1 when they saw no profile. */
  expectedRevision: z.number().int().min(-1).optional(),
};
