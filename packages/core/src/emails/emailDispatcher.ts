import { outgoingEmailSchema } from "../customer/events/emails.js";
import { customerSubjectOf } from "../customer/personalFields.js";
import { customerStreamPrefix } from "../customer/streams.js";
import type { ExecuteCustomerCommand, LoadCustomer } from "../customers/ports.js";
import { isClienteleError } from "../errors.js";
import type { EventStore, RecordedEvent, Subscription } from "../eventStore/eventStore.js";
import { systemPrincipal } from "../handling/authorize.js";
import { type CheckpointStore, getInMemoryCheckpointStore } from "./checkpointStore.js";
import type { EmailTransport, SendOutcome } from "./emailTransport.js";

/** Event types that put a message in the outbox. */
export const outboxEventTypes: ReadonlySet<string> = new Set([
  "EmailSent",
  "PaymentMethodUpdateEmailSent",
]);

export interface EmailDispatcherOptions {
  /** `createCustomers()` fits: the dispatcher reads the outbox from its store and records outcomes. */
  customers: ExecuteCustomerCommand &
    LoadCustomer & { readonly store: Pick<EventStore, "readAll" | "subscribe"> };
  transport: EmailTransport;
  /** Default: in memory (a restart rescans the log; nothing is sent twice either way). */
  checkpoints?: CheckpointStore;
  /** The checkpoint's name. Default `email-outbox`. */
  name?: string;
  /** Attempts at a message whose transport keeps throwing before it is recorded failed. Default 5. */
  maxAttempts?: number;
  /** Milliseconds before retry `attempt` (1-based). Default 2^attempt * 100, capped at 10 s. */
  retryDelayMs?: (attempt: number) => number;
  /** Events read per page by `dispatchPending`. Default 500. */
  pageSize?: number;
}

/** What one pass did. */
export interface DispatchReport {
  delivered: number;
  failed: number;
  /** Sends that needed nothing: outcome already recorded, or the profile closed since. */
  skipped: number;
  /** The checkpoint after the pass. */
  position: bigint | undefined;
}

export interface EmailDispatcher {
  /** Sends everything pending after the checkpoint, then resolves. For a scheduler or a CLI. */
  dispatchPending(): Promise<DispatchReport>;
  /** Keeps sending as emails are queued, until `stop()`. */
  start(): Promise<Subscription>;
}

type Handled = "delivered" | "failed" | "skipped" | "ignored";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const dispatcher = systemPrincipal("email outbox");

/**
 * The outbox's sending half. A command only appends `EmailSent` (the message, encrypted with the
 * rest of the profile's personal data); this reads those events from its checkpoint, hands each
 * to the transport with the email id as idempotency key, records `EmailDelivered` or
 * `EmailDeliveryFailed` on the profile, and moves the checkpoint.
 *
 * Guarantee: at least once. Before sending, it checks the profile: a send whose outcome is recorded
 * is skipped, so a crash re-sends only what was handed to the transport but not yet recorded. A
 * transport that honours the idempotency key (the in-memory one does) then delivers it once; plain
 * SMTP servers do not deduplicate, so a crash in that narrow window can deliver a message twice.
 * Profiles redacted, deleted or merged before their email went out are skipped: their message may
 * already be shredded and must not be sent.
 *
 * @example
 * const outbox = createEmailDispatcher({ customers, transport: getInMemoryEmailTransport() });
 * const { delivered, failed } = await outbox.dispatchPending();
 */
export const createEmailDispatcher = (options: EmailDispatcherOptions): EmailDispatcher => {
  const { customers, transport } = options;
  const checkpoints = options.checkpoints ?? getInMemoryCheckpointStore();
  const name = options.name ?? "email-outbox";
  const maxAttempts = options.maxAttempts ?? 5;
  const retryDelayMs = options.retryDelayMs ?? ((attempt) => Math.min(10_000, 2 ** attempt * 100));
  const pageSize = options.pageSize ?? 500;
  const filter = { streamPrefixes: [customerStreamPrefix] };

  const attemptSend = async (event: RecordedEvent): Promise<SendOutcome> => {
    const { emailId, to, from, subject, body } = outgoingEmailSchema.parse(event.data);
    for (let attempt = 1; ; attempt++) {
      try {
        return await transport.send({ idempotencyKey: emailId, to, from, subject, body });
      } catch (error) {
        if (attempt >= maxAttempts) {
          const why = error instanceof Error ? error.message : String(error);
          return { status: "rejected", reason: `gave up after ${attempt} attempts: ${why}` };
        }
        await sleep(retryDelayMs(attempt));
      }
    }
  };

  const handle = async (event: RecordedEvent): Promise<Handled> => {
    const customerId = outboxEventTypes.has(event.type)
      ? customerSubjectOf(event.streamName)
      : undefined;
    if (customerId === undefined) return "ignored";
    const emailId = String(event.data.emailId);
    const { state } = await customers.load(customerId, dispatcher);
    const pending = state.emails.find((e) => e.emailId === emailId)?.status === "pending";
    if (state.status !== "active" || !pending) return "skipped";
    const outcome = await attemptSend(event);
    try {
      await customers.execute(
        outcome.status === "accepted"
          ? { type: "RecordEmailDelivered", customerId, emailId }
          : { type: "RecordEmailDeliveryFailed", customerId, emailId, reason: outcome.reason },
        dispatcher,
        { correlationId: event.metadata.correlationId, causationId: event.metadata.eventId },
      );
    } catch (error) {
      // Closed while the message was on its way: the profile takes no more facts, nothing to record.
      const closed = ["CUSTOMER_REDACTED", "CUSTOMER_DELETED", "CUSTOMER_MERGED"] as const;
      if (!closed.some((code) => isClienteleError(error, code))) throw error;
    }
    return outcome.status === "accepted" ? "delivered" : "failed";
  };

  const handleAndCheckpoint = async (event: RecordedEvent): Promise<Handled> => {
    const handled = await handle(event);
    if (handled !== "ignored") await checkpoints.save(name, event.position);
    return handled;
  };

  return {
    async dispatchPending() {
      const report: DispatchReport = { delivered: 0, failed: 0, skipped: 0, position: undefined };
      let position = await checkpoints.load(name);
      for (;;) {
        const page = await customers.store.readAll({
          ...(position === undefined ? {} : { after: position }),
          maxCount: pageSize,
          filter,
        });
        for (const event of page) {
          const handled = await handleAndCheckpoint(event);
          if (handled !== "ignored") report[handled] += 1;
        }
        const last = page.at(-1);
        if (!last) break;
        position = last.position;
      }
      await checkpoints.save(name, position ?? 0n);
      return { ...report, position };
    },
    async start() {
      const after = await checkpoints.load(name);
      return customers.store.subscribe(
        { ...(after === undefined ? {} : { after }), filter },
        (event) => handleAndCheckpoint(event).then(() => undefined),
      );
    },
  };
};
