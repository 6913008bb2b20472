import { z } from "zod";
import { commandBase } from "./fields.js";

/** Staff with customers:erase, or the system on a `customers/redact` webhook. */
export const requestDataErasureSchema = z.strictObject({
  type: z.literal("RequestDataErasure"),
  ...commandBase,
});

/** Only whoever requested the erasure may cancel it (UNAUTHORIZED_CANCELLATION). */
export const cancelDataErasureSchema = z.strictObject({
  type: z.literal("CancelDataErasure"),
  ...commandBase,
});

/** Sent by the erasure processor once a request is due; refused before its due date. */
export const redactCustomerSchema = z.strictObject({
  type: z.literal("RedactCustomer"),
  ...commandBase,
});
