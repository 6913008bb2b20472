import type { EmailTransport, SendOutcome } from "@clientele/core";
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport/index.js";

export interface SmtpEmailTransportOptions {
  /** A connection URL (`smtps://user:pass@smtp.example.com`) or nodemailer's SMTP options. */
  smtp: string | SMTPTransport.Options;
}

export interface SmtpEmailTransport extends EmailTransport {
  /** Closes pooled connections. */
  close(): void;
}

interface SmtpError {
  responseCode?: number;
  response?: string;
  message?: string;
}

/** The part after `@`, for a Message-ID that is unique the way RFC 5322 asks. */
const domainOf = (address: string) => address.slice(address.lastIndexOf("@") + 1) || "clientele";

/**
 * The email outbox's SMTP transport, on nodemailer. A 5xx reply (unknown mailbox, refused domain)
 * is a permanent refusal: `rejected`, recorded as a failed, flagged send. Anything else going wrong
 * (connection refused, timeouts, 4xx "try later") throws, so the dispatcher retries.
 *
 * The idempotency key becomes the Message-ID (`<emailId@sender-domain>`) and an
 * `X-Clientele-Email-Id` header. SMTP servers do not deduplicate on them, so a crash after the
 * server accepted a message but before the outcome was recorded sends it twice; receiving mail
 * clients that thread on Message-ID show the two as one conversation.
 *
 * @example
 * const transport = getSmtpEmailTransport({ smtp: "smtps://outbox:secret@smtp.example.com" });
 * const outbox = createEmailDispatcher({ customers, transport });
 */
export const getSmtpEmailTransport = ({ smtp }: SmtpEmailTransportOptions): SmtpEmailTransport => {
  const transporter = nodemailer.createTransport(smtp);
  return {
    async send(message): Promise<SendOutcome> {
      try {
        const info = await transporter.sendMail({
          from: message.from,
          to: message.to,
          subject: message.subject,
          text: message.body,
          messageId: `<${message.idempotencyKey}@${domainOf(message.from)}>`,
          headers: { "X-Clientele-Email-Id": message.idempotencyKey },
        });
        return { status: "accepted", messageId: info.messageId };
      } catch (error) {
        const { responseCode, response, message: text } = error as SmtpError;
        if (responseCode !== undefined && responseCode >= 500) {
          return { status: "rejected", reason: response ?? `${responseCode} ${text ?? ""}`.trim() };
        }
        throw error;
      }
    },
    close: () => transporter.close(),
  };
};
