import { z } from "zod";
import { externalId, paymentMethodFields } from "./facts.js";
import { commandBase, emailSchema } from "./fields.js";

export const sendPaymentMethodUpdateEmailSchema = z.strictObject({
  type: z.literal("SendPaymentMethodUpdateEmail"),
  ...commandBase,
  paymentMethodId: externalId,
  /** Where the customer updates the card: a page of the payment system, over HTTPS only. */
  updateUrl: z.url({ protocol: /^https$/, error: "expected an https:// link" }).max(2_000),
  from: emailSchema,
  emailId: externalId.optional(),
});

export const replacePaymentMethodSchema = z.strictObject({
  type: z.literal("ReplacePaymentMethod"),
  ...commandBase,
  paymentMethodId: externalId,
  replacement: z.strictObject(paymentMethodFields),
});

export const removePaymentMethodSchema = z.strictObject({
  type: z.literal("RemovePaymentMethod"),
  ...commandBase,
  paymentMethodId: externalId,
});
