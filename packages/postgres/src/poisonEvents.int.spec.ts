import {
  customerStreamName,
  customerStreamPrefix,
  type EventStore,
  getInMemoryEventStore,
  newId,
} from "@clientele/core";
import {
  directory,
  getInMemoryReadModelStore,
  listParkedEvents,
  type Projection,
  readCustomer,
  skipPoisonEvent,
  startProjector,
  testing,
} from "@clientele/projections";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, serverReachable } from "../test/testDatabase.js";
import { getPostgresEventStore } from "./index.js";

const reachable = await serverReachable();
const database = reachable ? await createTestDatabase() : undefined;
afterAll(() => database?.drop());
if (!database)
  console.warn(
    "poison-event specs on PostgreSQL skipped: no server at CLIENTELE_TEST_POSTGRES_URL",
  );

const poisonId = "cus_poison";

/**
 * A CustomerCreated no Clientele writer would produce (its email is a number), appended straight
 * to the store, then 1,000 good events of 100 customers.
 */
const givenPoisonInFront = async (store: EventStore) => {
  const { position: poison } = await store.appendToStream(customerStreamName(poisonId), [
    {
      type: "CustomerCreated",
      data: { ...testing.customerCreated(poisonId), email: 42 },
      metadata: {
        eventId: newId(),
        actor: { kind: "system", reason: "another writer" },
        correlationId: "poison",
        causationId: "poison",
        schemaVersion: 1,
        occurredAt: "2026-01-01T00:00:00.000Z",
      },
    },
  ]);
  const { head, customers } = await testing.appendCustomerLives(store, { seed: 16, count: 1_000 });
  return { poison, head, customers };
};

/** Counts each event it applies by position, so "exactly once" can be read back. */
const eventCounter = ({ fixed }: { fixed: boolean }): Projection => ({
  name: "event_counter",
  version: 1,
  streamPrefixes: [customerStreamPrefix],
  apply(event, view) {
    if (!fixed && typeof event.data.email !== "string" && event.type === "CustomerCreated")
      throw new TypeError(`email must be text, found ${typeof event.data.email}`);
    view.increment("applied", String(event.position));
  },
});

const stores: Array<[string, (() => Promise<EventStore>) | undefined]> = [
  ["in memory", async () => getInMemoryEventStore()],
  [
    "PostgreSQL",
    database
      ? async () =>
          getPostgresEventStore({
            connectionString: database.url,
            schema: `poison_${newId().slice(-8).toLowerCase()}`,
            pollIntervalMs: 20,
          })
      : undefined,
  ],
];

describe.each(stores)("a poison event in front of 1,000 good ones, %s", (_, open) => {
  const opened: EventStore[] = [];
  const storeFor = async () => {
    const store = await (open as () => Promise<EventStore>)();
    opened.push(store);
    return store;
  };
  afterAll(async () => {
    for (const store of opened) await store.close();
  });

  it.skipIf(!open)(
    "park and continue: the 1,000 are projected and the poison one is listed with why",
    async () => {
      const store = await storeFor();
      const { poison, head, customers } = await givenPoisonInFront(store);
      const readModel = getInMemoryReadModelStore();
      const projector = await startProjector({
        store,
        readModel,
        projection: directory,
        onPoisonEvent: "park",
      });
      await projector.waitFor(head);
      for (let n = 0; n < customers; n++) {
        const id = `cus_${String(n).padStart(8, "0")}`;
        expect((await readCustomer(readModel, id))?.email).toBe(`customer${n}@example.com`);
      }
      expect(await readCustomer(readModel, poisonId)).toBeUndefined();
      const parked = await listParkedEvents(readModel, directory);
      expect(parked).toEqual([
        expect.objectContaining({
          streamName: customerStreamName(poisonId),
          revision: 0,
          position: String(poison),
          type: "CustomerCreated",
          how: "park",
          cause: expect.objectContaining({ name: "TypeError" }),
        }),
      ]);
      expect(projector.status()).toMatchObject({
        state: "running",
        checkpoint: String(head),
        parkedSinceStart: 1,
      });
      await projector.stop();
    },
  );

  it.skipIf(!open)(
    "stop: the status names the event and its position; after the fix the projector resumes and applies every event exactly once",
    async () => {
      const store = await storeFor();
      const { poison, head } = await givenPoisonInFront(store);
      const readModel = getInMemoryReadModelStore();
      const broken = await startProjector({
        store,
        readModel,
        projection: eventCounter({ fixed: false }),
      });
      await expect(broken.done).rejects.toMatchObject({ code: "POISON_EVENT" });
      const status = broken.status();
      expect(status).toMatchObject({
        state: "failed",
        checkpoint: null,
        failure: {
          code: "POISON_EVENT",
          details: {
            projection: "event_counter",
            streamName: customerStreamName(poisonId),
            revision: 0,
            position: String(poison),
            cause: { name: "TypeError", message: "email must be text, found number" },
          },
        },
      });
      expect(status.failure?.message).toMatch(/position \d+/);
      await broken.stop();
      expect(await readModel.readHash("event_counter", 1, "applied")).toEqual({});

      const fixed = await startProjector({
        store,
        readModel,
        projection: eventCounter({ fixed: true }),
      });
      await fixed.waitFor(head);
      await fixed.stop();
      const applied = await readModel.readHash("event_counter", 1, "applied");
      expect(Object.keys(applied)).toHaveLength(1_001);
      expect(new Set(Object.values(applied))).toEqual(new Set(["1"]));
      expect(applied[String(poison)]).toBe("1");
    },
  );

  it.skipIf(!open)(
    "an operator can skip the event the projector stopped on, and only that one",
    async () => {
      const store = await storeFor();
      const { poison, head } = await givenPoisonInFront(store);
      const readModel = getInMemoryReadModelStore();
      const projection = eventCounter({ fixed: false });
      const first = await startProjector({ store, readModel, projection });
      await first.done.catch(() => undefined);
      await expect(
        skipPoisonEvent({ store, readModel, projection, position: poison + 1n }),
      ).rejects.toMatchObject({ code: "NOT_NEXT_EVENT" });
      await skipPoisonEvent({
        store,
        readModel,
        projection,
        position: poison,
        reason: "bad import",
      });
      const second = await startProjector({ store, readModel, projection });
      await second.waitFor(head);
      await second.stop();
      const applied = await readModel.readHash("event_counter", 1, "applied");
      expect(Object.keys(applied)).toHaveLength(1_000);
      expect(applied[String(poison)]).toBeUndefined();
      expect(await listParkedEvents(readModel, projection)).toEqual([
        expect.objectContaining({
          position: String(poison),
          how: "skip",
          cause: expect.objectContaining({ message: "bad import" }),
        }),
      ]);
    },
  );
});
