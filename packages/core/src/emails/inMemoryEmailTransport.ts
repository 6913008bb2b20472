import type { EmailMessage, EmailTransport, SendOutcome } from "./emailTransport.js";

export interface InMemoryEmailTransport extends EmailTransport {
  /** Every message accepted, once each, in order. */
  readonly delivered: readonly EmailMessage[];
  /** How many times `send` was called, repeats included. */
  readonly attempts: number;
}

export interface InMemoryEmailTransportOptions {
  /** A reason to refuse this message for good, or undefined to accept it. */
  reject?: (message: EmailMessage) => string | undefined;
}

/**
 * A transport for tests and the demo that keeps what it accepts in memory and honours the
 * idempotency key: a message sent again after a crash is acknowledged, not delivered twice.
 *
 * @example
 * const transport = getInMemoryEmailTransport({ reject: (m) => m.to.endsWith(".invalid") ? "no such domain" : undefined });
 */
export const getInMemoryEmailTransport = (
  options: InMemoryEmailTransportOptions = {},
): InMemoryEmailTransport => {
  const delivered: EmailMessage[] = [];
  const outcomes = new Map<string, SendOutcome>();
  let attempts = 0;
  return {
    delivered,
    get attempts() {
      return attempts;
    },
    async send(message) {
      attempts += 1;
      const known = outcomes.get(message.idempotencyKey);
      if (known) return known;
      const reason = options.reject?.(message);
      const outcome: SendOutcome =
        reason === undefined
          ? { status: "accepted", messageId: message.idempotencyKey }
          : { status: "rejected", reason };
      if (outcome.status === "accepted") delivered.push({ ...message });
      outcomes.set(message.idempotencyKey, outcome);
      return outcome;
    },
  };
};
