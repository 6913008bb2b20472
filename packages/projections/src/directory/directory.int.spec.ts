import {
  type CustomerEvent,
  customerStreamName,
  type EventStore,
  getInMemoryEventStore,
  newId,
} from "@clientele/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProjector } from "../projector.js";
import { getInMemoryReadModelStore } from "../readModel/inMemoryReadModelStore.js";
import type { ReadModelStore } from "../readModel/readModelStore.js";
import { getRedisReadModelStore } from "../readModel/redisReadModelStore.js";
import { customerCreated } from "../testing/customerHistory.js";
import { usePrivateRedis } from "../testing/redisServer.js";
import { directory } from "./directory.js";
import { findCustomerByEmail } from "./readDirectory.js";

const redis = usePrivateRedis({ beforeAll, afterAll });

const created = (customerId: string, email: string): CustomerEvent => ({
  type: "CustomerCreated",
  data: customerCreated(customerId, { email }),
});

const append = (store: EventStore, customerId: string, ...events: CustomerEvent[]) =>
  store.appendToStream(
    customerStreamName(customerId),
    events.map(({ type, data }) => ({
      type,
      data,
      metadata: {
        eventId: newId(),
        actor: { kind: "staff", staffId: "anna" },
        correlationId: "c",
        causationId: "c",
        schemaVersion: 1,
        occurredAt: "2026-01-01T00:00:00.000Z",
      },
    })),
  );

const stores: Array<[string, () => Promise<ReadModelStore>]> = [
  ["in memory", async () => getInMemoryReadModelStore()],
  [
    "redis",
    async () => {
      await redis.client.flushall();
      return getRedisReadModelStore({ client: redis.client });
    },
  ],
];

describe.each(stores)("directory projection (%s)", (_, makeReadModel) => {
  it("hands an email over when one customer releases it and another takes it", async () => {
    const store = getInMemoryEventStore();
    const readModel = await makeReadModel();
    await append(store, "cus_1", created("cus_1", "Shared@example.com"));
    await append(store, "cus_1", { type: "CustomerUpdated", data: { email: null } });
    await append(store, "cus_2", created("cus_2", "shared@example.com"));
    // cus_1 clearing again must not release the address cus_2 now holds.
    const last = await append(store, "cus_1", { type: "CustomerUpdated", data: { email: null } });
    const projector = await startProjector({
      store,
      readModel,
      projection: directory,
      batchSize: 2,
    });
    await projector.waitFor(last.position);
    await projector.stop();
    expect((await findCustomerByEmail(readModel, "SHARED@example.com"))?.id).toBe("cus_2");
  });
});
