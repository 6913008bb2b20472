import { z } from "zod";
import { isoDateTimeSchema } from "../commands/fields.js";
import { defineEvent } from "./define.js";

/** Who an email went to: the customer, or the staff member who asked for a copy. */
export const emailRecipientKindSchema = z.enum(["customer", "staff"]);

/**
 * One outgoing email as the outbox holds it: everything the dispatcher needs to send it, so
 * sending never reads anything but this event. `to`, `subject` and `body` are personal data.
 */
export const outgoingEmailSchema = z.object({
  emailId: z.string().min(1),
  recipient: emailRecipientKindSchema,
  to: z.string(),
  from: z.string(),
  subject: z.string(),
  body: z.string(),
  sentAt: isoDateTimeSchema,
  /** The email this one re-sends, or null for a first send. */
  resendOf: z.string().nullable(),
});
export type OutgoingEmail = z.infer<typeof outgoingEmailSchema>;

export const emailSentSchema = defineEvent("EmailSent", outgoingEmailSchema);

/** The transport accepted the message (the dispatcher records it). */
export const emailDeliveredSchema = defineEvent(
  "EmailDelivered",
  z.object({ emailId: z.string().min(1) }),
);

/** The transport refused the message for good, or it kept failing; the send is flagged. */
export const emailDeliveryFailedSchema = defineEvent(
  "EmailDeliveryFailed",
  z.object({ emailId: z.string().min(1), reason: z.string() }),
);
