import {
  type CustomerEvent,
  customerStreamName,
  type EventOf,
  type EventStore,
  getInMemoryEventStore,
  newId,
} from "@clientele/core";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProjector } from "../projector.js";
import { getInMemoryReadModelStore } from "../readModel/inMemoryReadModelStore.js";
import type { ReadModelStore } from "../readModel/readModelStore.js";
import { getRedisReadModelStore } from "../readModel/redisReadModelStore.js";
import { type RedisServer, startRedisServer } from "../testing/redisServer.js";
import { directory, directoryKeys } from "./directory.js";

let redis: RedisServer;
let client: Redis;
beforeAll(async () => {
  redis = await startRedisServer();
  client = redis.client();
});
afterAll(async () => {
  client?.disconnect();
  await redis?.stop();
});

const consent = { state: "NOT_SUBSCRIBED", optInLevel: "UNKNOWN", consentUpdatedAt: null } as const;
const created = (customerId: string, email: string): EventOf<"CustomerCreated"> => ({
  type: "CustomerCreated",
  data: {
    customerId,
    source: "manual",
    firstName: "Ada",
    lastName: "Lovelace",
    email,
    phone: null,
    locale: "en",
    taxExempt: false,
    taxExemptions: [],
    tags: ["vip"],
    note: "",
    addresses: [],
    defaultAddressId: null,
    accountState: "DISABLED",
    emailMarketingConsent: consent,
    smsMarketingConsent: consent,
  },
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
      await client.flushall();
      return getRedisReadModelStore({ client });
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
    expect(
      await readModel.readString("directory", 1, directoryKeys.email("SHARED@example.com")),
    ).toBe("cus_2");
  });

  it("keeps contact fields, tags, revision and status of each customer", async () => {
    const store = getInMemoryEventStore();
    const readModel = await makeReadModel();
    await append(
      store,
      "cus_1",
      created("cus_1", "ada@example.com"),
      { type: "CustomerUpdated", data: { email: "ada@lovelace.dev", locale: null } },
      { type: "CustomerTagged", data: { tags: ["wholesale", "eu"] } },
      { type: "CustomerUntagged", data: { tags: ["vip"] } },
      { type: "AccountStateChanged", data: { accountState: "ENABLED" } },
    );
    await append(store, "cus_2", created("cus_2", "bo@example.com"));
    await append(store, "cus_2", { type: "CustomerDeleted", data: {} });
    await append(store, "cus_3", created("cus_3", "x@example.com"));
    const merged = await append(store, "cus_3", {
      type: "CustomerMergedInto",
      data: { survivorId: "cus_1", mergeId: "m1" },
    });

    const projector = await startProjector({
      store,
      readModel,
      projection: directory,
      batchDelayMs: 1,
    });
    await projector.waitFor(merged.position);
    await projector.stop();

    expect(await readModel.readHash("directory", 1, directoryKeys.customer("cus_1"))).toEqual({
      firstName: "Ada",
      lastName: "Lovelace",
      email: "ada@lovelace.dev",
      emailKey: "ada@lovelace.dev",
      accountState: "ENABLED",
      status: "active",
      revision: "4",
    });
    expect(await readModel.readHash("directory", 1, directoryKeys.customer("cus_2"))).toEqual({
      accountState: "DISABLED",
      status: "deleted",
      revision: "1",
    });
    expect(await readModel.readHash("directory", 1, directoryKeys.customer("cus_3"))).toMatchObject(
      {
        status: "merged",
        survivorId: "cus_1",
      },
    );
    const lookup = (email: string) =>
      readModel.readString("directory", 1, directoryKeys.email(email));
    expect(await lookup("ADA@lovelace.dev")).toBe("cus_1");
    expect(await lookup("ada@example.com")).toBeUndefined();
    expect(await lookup("bo@example.com")).toBeUndefined();
    expect(await lookup("x@example.com")).toBe("cus_3");
    const snapshot = await readModel.snapshot("directory", 1);
    expect(snapshot[directoryKeys.tags("cus_1")]).toEqual({
      type: "set",
      members: ["eu", "wholesale"],
    });
    expect(snapshot[directoryKeys.tagged("vip")]).toEqual({
      type: "set",
      members: ["cus_2", "cus_3"],
    });
    expect(snapshot[directoryKeys.tagged("eu")]).toEqual({ type: "set", members: ["cus_1"] });
    expect(snapshot[directoryKeys.created]).toEqual({
      type: "zset",
      entries: [
        ["cus_1", 1],
        ["cus_2", 6],
        ["cus_3", 8],
      ],
    });
  });
});
