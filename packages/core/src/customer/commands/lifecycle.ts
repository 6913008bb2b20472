import { z } from "zod";
import { accountStateSchema } from "../vocabulary.js";
import { commandBase } from "./fields.js";

export const changeAccountStateSchema = z.strictObject({
  type: z.literal("ChangeAccountState"),
  ...commandBase,
  accountState: accountStateSchema,
});

export const deleteCustomerSchema = z.strictObject({
  type: z.literal("DeleteCustomer"),
  ...commandBase,
});
