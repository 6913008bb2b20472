import { z } from "zod";
import { externalId } from "./facts.js";
import { commandBase, emailSchema } from "./fields.js";

/** To the customer (the profile's email), or a copy to the staff member at their own address. */
export const emailRecipientSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("customer") }),
    z.strictObject({ kind: z.literal("staff"), email: emailSchema }),
  ])
  .default({ kind: "customer" });
export type EmailRecipient = z.output<typeof emailRecipientSchema>;

/** RFC 5322 caps a header line at 998 characters; a subject lives in one. */
const subjectSchema = z.string().trim().min(1).max(998);

export const sendEmailSchema = z.strictObject({
  type: z.literal("SendEmail"),
  ...commandBase,
  /** Choose it to make retries safe: a second SendEmail with the same id sends nothing. */
  emailId: externalId.optional(),
  recipient: emailRecipientSchema,
  from: emailSchema,
  subject: subjectSchema,
  body: z.string().min(1).max(100_000),
});

export const resendEmailSchema = z.strictObject({
  type: z.literal("ResendEmail"),
  ...commandBase,
  /** The email to send again (EMAIL_NOT_FOUND when the profile has none with this id). */
  emailId: externalId,
  /** The id of the new send; choose it to make retries safe. */
  newEmailId: externalId.optional(),
  recipient: emailRecipientSchema,
});

/** The outbox dispatcher reports what the transport did; only the system sends these. */
export const recordEmailDeliveredSchema = z.strictObject({
  type: z.literal("RecordEmailDelivered"),
  ...commandBase,
  emailId: externalId,
});

export const recordEmailDeliveryFailedSchema = z.strictObject({
  type: z.literal("RecordEmailDeliveryFailed"),
  ...commandBase,
  emailId: externalId,
  reason: z.string().trim().min(1).max(1_000),
});
