/** One message handed to a transport. */
export interface EmailMessage {
  /**
   * The email's id, the same on every attempt: a transport that remembers it can refuse to send
   * one message twice (the SMTP adapter also makes it the Message-ID).
   */
  idempotencyKey: string;
  to: string;
  from: string;
  subject: string;
  /** Plain text. */
  body: string;
}

/** What became of a message: accepted for delivery, or refused for good (never retried). */
export type SendOutcome =
  | { status: "accepted"; messageId?: string }
  | { status: "rejected"; reason: string };

/**
 * Where the outbox hands emails. Resolve `rejected` for a permanent refusal (an unknown mailbox);
 * throw for anything worth retrying (the server is unreachable). Adapters:
 * `getInMemoryEmailTransport()` here, `getSmtpEmailTransport()` in `@clientele/smtp`.
 *
 * @example
 * const outcome = await transport.send({ idempotencyKey: "01J...", to, from, subject, body });
 */
export interface EmailTransport {
  send(message: EmailMessage): Promise<SendOutcome>;
}
