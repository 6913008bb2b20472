import { ClienteleError } from "../../errors.js";
import type { CommandOf, EmailRecipient } from "../commands/index.js";
import type { CustomerDecideContext } from "../decideContext.js";
import type { CustomerEvent, OutgoingEmail } from "../events/index.js";
import type { CustomerState, SentEmail } from "../state.js";

/** The address an email goes to, or CUSTOMER_HAS_NO_EMAIL when the customer has none. */
export const recipientAddress = (recipient: EmailRecipient, state: CustomerState): string => {
  if (recipient.kind === "staff") return recipient.email;
  if (state.email !== null) return state.email;
  throw new ClienteleError(
    "CUSTOMER_HAS_NO_EMAIL",
    `Customer ${state.id} has no email address to send to. Add one with UpdateCustomer, or send the copy to a staff member instead.`,
    { customerId: state.id, field: "email" },
  );
};

/** The email with `emailId`, or EMAIL_NOT_FOUND. */
export const findEmail = (state: CustomerState, emailId: string): SentEmail => {
  const email = state.emails.find((e) => e.emailId === emailId);
  if (email) return email;
  throw new ClienteleError(
    "EMAIL_NOT_FOUND",
    `Customer ${state.id} has no email ${emailId}. List the profile's emails to find the one to resend.`,
    { customerId: state.id, emailId },
  );
};

/** The outbox message for `recipient`, as of `now`. */
const outgoing = (
  state: CustomerState,
  emailId: string,
  recipient: EmailRecipient,
  message: Pick<OutgoingEmail, "from" | "subject" | "body" | "resendOf">,
  now: Date,
): OutgoingEmail => ({
  emailId,
  recipient: recipient.kind,
  to: recipientAddress(recipient, state),
  ...message,
  sentAt: now.toISOString(),
});

const alreadySent = (state: CustomerState, emailId: string | undefined) =>
  emailId !== undefined && state.emails.some((e) => e.emailId === emailId);

/** Puts the message in the outbox; the dispatcher sends it and records the outcome. */
export const decideSendEmail = (
  command: CommandOf<"SendEmail">,
  state: CustomerState,
  context: CustomerDecideContext,
): CustomerEvent[] => {
  if (alreadySent(state, command.emailId)) return [];
  const { from, subject, body } = command;
  const emailId = command.emailId ?? context.newId();
  const message = { from, subject, body, resendOf: null };
  return [
    { type: "EmailSent", data: outgoing(state, emailId, command.recipient, message, context.now) },
  ];
};

/** Any sent email can be sent again, delivered or not, to the customer or to the staff member. */
export const decideResendEmail = (
  command: CommandOf<"ResendEmail">,
  state: CustomerState,
  context: CustomerDecideContext,
): CustomerEvent[] => {
  const original = findEmail(state, command.emailId);
  if (alreadySent(state, command.newEmailId)) return [];
  const { from, subject, body } = original;
  const emailId = command.newEmailId ?? context.newId();
  const message = { from, subject, body, resendOf: original.emailId };
  return [
    { type: "EmailSent", data: outgoing(state, emailId, command.recipient, message, context.now) },
  ];
};

/** The first outcome wins: an at-least-once dispatcher may report one twice. */
export const decideRecordEmailOutcome = (
  command: CommandOf<"RecordEmailDelivered" | "RecordEmailDeliveryFailed">,
  state: CustomerState,
): CustomerEvent[] => {
  const email = findEmail(state, command.emailId);
  if (email.status !== "pending") return [];
  return command.type === "RecordEmailDelivered"
    ? [{ type: "EmailDelivered", data: { emailId: email.emailId } }]
    : [{ type: "EmailDeliveryFailed", data: { emailId: email.emailId, reason: command.reason } }];
};
