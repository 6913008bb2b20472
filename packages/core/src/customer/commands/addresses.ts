import { z } from "zod";
import { addressInputSchema } from "../address.js";
import { commandBase } from "./fields.js";

const addressIdSchema = z.string().trim().min(1).max(64);

export const addAddressSchema = z.strictObject({
  type: z.literal("AddAddress"),
  ...commandBase,
  address: addressInputSchema,
  setAsDefault: z.boolean().optional(),
});

/** Fields given replace the stored ones; the result must still be a valid address. */
export const updateAddressSchema = z.strictObject({
  type: z.literal("UpdateAddress"),
  ...commandBase,
  addressId: addressIdSchema,
  address: addressInputSchema.partial(),
});

export const removeAddressSchema = z.strictObject({
  type: z.literal("RemoveAddress"),
  ...commandBase,
  addressId: addressIdSchema,
});

export const setDefaultAddressSchema = z.strictObject({
  type: z.literal("SetDefaultAddress"),
  ...commandBase,
  addressId: addressIdSchema,
});
