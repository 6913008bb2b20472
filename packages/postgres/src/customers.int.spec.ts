import {
  type ClienteleError,
  createCustomers,
  customerStreamName,
  type EventStore,
  isClienteleError,
  newCustomerId,
  permissions,
  staffPrincipal,
  systemPrincipal,
} from "@clientele/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempDir, createTestDatabase, serverReachable } from "../test/testDatabase.js";
import { getPGliteEventStore, getPostgresEventStore } from "./index.js";

const reachable = await serverReachable();
const staff = (id: string) => staffPrincipal(id, [...permissions]);

/**
 * The customer service's real command path (parse, authorise, reserve, load, decide, append,
 * retry) on a durable store: the same behaviour the core specs prove on memory.
 */
const describeCustomersOn = (
  name: string,
  open: () => Promise<{ store: EventStore; dispose(): Promise<void> }>,
) => {
  describe(`the customer service on ${name}`, () => {
    let store: EventStore;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      ({ store, dispose } = await open());
    });

    afterAll(async () => {
      await dispose?.();
    });

    it("runs commands and returns each event exactly as the store records it", async () => {
      const customers = createCustomers({ store });
      const customerId = newCustomerId();
      const created = await customers.execute(
        { type: "CreateCustomer", customerId, source: "manual", email: "Pierre@Example.fr" },
        staff("anna"),
      );
      const noted = await customers.execute(
        { type: "SetNote", customerId, note: "Prefers the Marais shop ✨" },
        staff("anna"),
      );
      const stream = customerStreamName(customerId);
      expect([...created.events, ...noted.events]).toEqual(await store.readStream(stream));
      // A profile born from an order writes two events at once; they are read back.
      const order = await customers.execute(
        {
          type: "RecordOrder",
          orderId: "A-1",
          placedAt: "2026-11-23T09:00:00.000Z",
          total: "120.00",
          currency: "EUR",
          lineItems: [{ productId: "42", quantity: 2 }],
          email: "new.buyer@example.fr",
        },
        systemPrincipal("orders"),
      );
      expect(order.events.map((event) => event.type)).toEqual(["CustomerCreated", "OrderRecorded"]);
      expect(order.events).toEqual(await store.readStream(order.events[0]?.streamName ?? ""));
      // Another process, with a cold cache, loads the same profile from the store.
      const elsewhere = createCustomers({ store });
      expect(await elsewhere.load(customerId, staff("vic"))).toEqual({
        state: noted.state,
        revision: 1,
      });
    });

    it("lets exactly one of 20 concurrent creates with one email through, from 20 services", async () => {
      // One service per create, as 20 processes sharing the database would be: no shared cache,
      // no lock but the store's expected revisions.
      const settled = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          createCustomers({ store }).execute(
            {
              type: "CreateCustomer",
              customerId: newCustomerId(),
              source: "manual",
              email: i % 2 ? "race@example.com" : "RACE@example.com",
            },
            staff(`staff-${i}`),
          ),
        ),
      );
      const won = settled.filter((result) => result.status === "fulfilled");
      expect(won).toHaveLength(1);
      const lost = settled.filter((result) => result.status === "rejected");
      expect(lost).toHaveLength(19);
      for (const result of lost) {
        const reason = (result as PromiseRejectedResult).reason;
        expect(isClienteleError(reason, "EMAIL_TAKEN"), String(reason)).toBe(true);
      }
      const winner = (won[0] as PromiseFulfilledResult<{ state: { id: string | null } }>).value;
      const customers = createCustomers({ store });
      expect(await customers.ownerOf("email", "race@example.com", staff("vic"))).toBe(
        winner.state.id,
      );
      const births = (await store.readAll({ filter: { streamPrefixes: ["clientele-customer-"] } }))
        .filter((event) => event.type === "CustomerCreated")
        .filter((event) => event.data.email === "race@example.com");
      expect(births).toHaveLength(1);
    });

    it("lands every concurrent tag add and refuses the stale name changes, naming who", async () => {
      const customers = createCustomers({ store, maxRetries: 100 });
      const customerId = newCustomerId();
      await customers.execute(
        { type: "CreateCustomer", customerId, source: "manual", firstName: "Ann" },
        staff("anna"),
      );
      const settled = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          // Separate services again: each one's retry must see the others' writes in the store.
          createCustomers({ store, maxRetries: 100 }).execute(
            i % 5 === 0
              ? { type: "UpdateCustomer", customerId, firstName: `Name ${i}`, expectedRevision: 0 }
              : { type: "AddTags", customerId, tags: [`tag-${i}`], expectedRevision: 0 },
            staff(`staff-${i}`),
          ),
        ),
      );
      const tags = settled.filter((_, i) => i % 5 !== 0);
      expect(tags.filter((result) => result.status === "rejected")).toEqual([]);
      const names = settled.filter((_, i) => i % 5 === 0);
      expect(names.filter((result) => result.status === "fulfilled")).toHaveLength(1);
      for (const result of names) {
        if (result.status === "fulfilled") continue;
        expect((result.reason as ClienteleError).code).toBe("CONCURRENCY_CONFLICT");
        expect((result.reason as ClienteleError).message).toMatch(/changed by staff staff-\d+/);
      }
      const { state, revision } = await customers.load(customerId, staff("anna"));
      expect([...state.tags].sort()).toEqual(
        Array.from({ length: 20 }, (_, i) => i)
          .filter((i) => i % 5 !== 0)
          .map((i) => `tag-${i}`)
          .sort(),
      );
      // The birth, 16 tag adds and the one name change that won.
      expect(revision).toBe(17);
    });
  });
};

describe.skipIf(!reachable)("PostgreSQL server at 127.0.0.1:5432", () => {
  describeCustomersOn("PostgreSQL", async () => {
    const database = await createTestDatabase();
    const store = getPostgresEventStore({ connectionString: database.url });
    return {
      store,
      async dispose() {
        await store.close();
        await database.drop();
      },
    };
  });
});

describeCustomersOn("PGlite", async () => {
  const dir = await createTempDir();
  const store = getPGliteEventStore({ dataDir: dir.path });
  return {
    store,
    async dispose() {
      await store.close();
      await dir.remove();
    },
  };
});
