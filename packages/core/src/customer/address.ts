import { z } from "zod";
import { nameSchema } from "./commands/fields.js";

const optionalText = (max: number) => z.string().trim().max(max).optional();

/** A postal address as staff or an order supplies it. US military rules live in rules/militaryAddress.ts. */
export const addressInputSchema = z.strictObject({
  firstName: nameSchema.optional(),
  lastName: nameSchema.optional(),
  company: optionalText(255),
  address1: z.string().trim().min(1).max(255),
  address2: optionalText(255),
  city: z.string().trim().min(1).max(255),
  /** State or province code, e.g. `CA`, or `AA`/`AE`/`AP` for US military mail. */
  provinceCode: z.string().trim().toUpperCase().max(8).optional(),
  countryCode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, "expected an ISO 3166 alpha-2 code like US"),
  zip: optionalText(20),
  phone: optionalText(40),
});
export type AddressInput = z.output<typeof addressInputSchema>;

/** An address once it belongs to a profile. */
export const customerAddressSchema = addressInputSchema.extend({ addressId: z.string().min(1) });
export type CustomerAddress = z.output<typeof customerAddressSchema>;
