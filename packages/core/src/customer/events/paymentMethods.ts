import { z } from "zod";
import { defineEvent } from "./define.js";
import { outgoingEmailSchema } from "./emails.js";
import { paymentMethodStoredSchema } from "./facts.js";

/** The link to update a subscription's payment method, sent through the email outbox. */
export const paymentMethodUpdateEmailSentSchema = defineEvent(
  "PaymentMethodUpdateEmailSent",
  outgoingEmailSchema.extend({ paymentMethodId: z.string().min(1) }),
);

/** Shaped like `PaymentMethodStored`: the replacement takes the old method's place. */
export const paymentMethodReplacedSchema = defineEvent(
  "PaymentMethodReplaced",
  z.object({
    paymentMethodId: z.string().min(1),
    replacement: paymentMethodStoredSchema.shape.data,
  }),
);

export const paymentMethodRemovedSchema = defineEvent(
  "PaymentMethodRemoved",
  z.object({ paymentMethodId: z.string().min(1) }),
);
