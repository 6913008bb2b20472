import {
  type Actor,
  customerStreamName,
  type EventOf,
  notSubscribed,
  type RecordedEvent,
} from "@clientele/core";

type CustomerCreatedData = EventOf<"CustomerCreated">["data"];

import { applyEvents } from "../applyEvents.js";
import type { Projection } from "../projection.js";
import type { ReadModelStore } from "../readModel/readModelStore.js";

export const staffAnna: Actor = { kind: "staff", staffId: "anna" };

/**
 * The data of a CustomerCreated for Ada Lovelace, tagged vip, email `<id>@example.com`;
 * `changes` replace any field.
 *
 * @example customerCreated("cus_1", { phone: "+14155550123" })
 */
export const customerCreated = (
  customerId: string,
  changes: Partial<CustomerCreatedData> = {},
): CustomerCreatedData => ({
  customerId,
  source: "manual",
  firstName: "Ada",
  lastName: "Lovelace",
  email: `${customerId}@example.com`,
  phone: null,
  locale: "en",
  taxExempt: false,
  taxExemptions: [],
  tags: ["vip"],
  note: "",
  addresses: [],
  defaultAddressId: null,
  accountState: "DISABLED",
  emailMarketingConsent: notSubscribed,
  smsMarketingConsent: notSubscribed,
  ...changes,
});

/**
 * Recorded customer events built by hand, positions and revisions numbered like a store would:
 * the "given" of projection specs, without an event store in between.
 *
 * @example
 * const history = customerHistory().add("cus_1", "CustomerTagged", { tags: ["VIP"] });
 * await project(readModel, timeline, history.events);
 */
export const customerHistory = () => {
  const events: RecordedEvent[] = [];
  const revisions = new Map<string, number>();
  const history = {
    events,
    /**
     * Appends to any stream (the customer prefix is not added). `occurredAt` defaults to one
     * minute per position after 2026-01-01.
     */
    addToStream(
      streamName: string,
      type: string,
      data: object,
      actor: Actor = staffAnna,
      occurredAt?: string,
    ) {
      const revision = revisions.get(streamName) ?? 0;
      revisions.set(streamName, revision + 1);
      const position = BigInt(events.length + 1);
      events.push({
        streamName,
        revision,
        position,
        type,
        data: data as Record<string, unknown>,
        metadata: {
          eventId: `01J00000000000000000${String(position).padStart(6, "0")}`,
          actor,
          correlationId: "history",
          causationId: "history",
          schemaVersion: 1,
          occurredAt:
            occurredAt ?? new Date(Date.UTC(2026, 0, 1) + Number(position) * 60_000).toISOString(),
        },
      });
      return history;
    },
    add(
      customerId: string,
      type: string,
      data: object,
      actor: Actor = staffAnna,
      occurredAt?: string,
    ) {
      return history.addToStream(customerStreamName(customerId), type, data, actor, occurredAt);
    },
  };
  return history;
};

/**
 * Applies the events the projection reads (its stream prefixes) after the stored checkpoint, in
 * batches of `batchSize`, like a projector would.
 */
export const project = async (
  readModel: ReadModelStore,
  projection: Projection,
  events: readonly RecordedEvent[],
  batchSize = 100,
): Promise<void> => {
  let checkpoint = await readModel.checkpoint(projection.name, projection.version);
  const reads = (event: RecordedEvent) =>
    projection.streamPrefixes.length === 0 ||
    projection.streamPrefixes.some((prefix) => event.streamName.startsWith(prefix));
  const pending = events.filter(
    (event) => reads(event) && (checkpoint === undefined || event.position > checkpoint),
  );
  for (let i = 0; i < pending.length; i += batchSize) {
    const batch = pending.slice(i, i + batchSize);
    const applied = await applyEvents(readModel, projection, checkpoint, batch);
    if (applied.poison) throw applied.poison;
    checkpoint = applied.checkpoint;
  }
  await readModel.setLiveVersion(projection.name, projection.version, { onlyIfUnset: true });
};
