import { customerStreamName, getInMemoryEventStore, newId } from "@clientele/core";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startProjector } from "../projector.js";
import { redisKeys } from "../readModel/readModelStore.js";
import { getRedisReadModelStore } from "../readModel/redisReadModelStore.js";
import { type RedisServer, startRedisServer } from "../testing/redisServer.js";
import { parseTimeline, timeline, timelineKeys } from "./timeline.js";

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

it("lists each customer's events oldest first, with who and when but no data", async () => {
  const store = getInMemoryEventStore();
  const metadata = (occurredAt: string) => ({
    eventId: newId(),
    actor: { kind: "staff" as const, staffId: "anna" },
    correlationId: "c",
    causationId: "c",
    schemaVersion: 1,
    occurredAt,
  });
  await store.appendToStream(customerStreamName("cus_1"), [
    {
      type: "CustomerTagged",
      data: { tags: ["vip"] },
      metadata: metadata("2026-01-01T10:00:00.000Z"),
    },
  ]);
  await store.appendToStream(customerStreamName("cus_2"), [
    {
      type: "CustomerNoted",
      data: { note: "secret" },
      metadata: metadata("2026-01-01T11:00:00.000Z"),
    },
  ]);
  const last = await store.appendToStream(customerStreamName("cus_1"), [
    { type: "CustomerDeleted", data: {}, metadata: metadata("2026-01-02T09:00:00.000Z") },
  ]);
  const readModel = getRedisReadModelStore({ client });
  const projector = await startProjector({
    store,
    readModel,
    projection: timeline,
    batchDelayMs: 1,
  });
  await projector.waitFor(last.position);
  await projector.stop();

  const key = redisKeys.view("timeline", 1, timelineKeys.customer("cus_1"));
  expect(parseTimeline(await client.zrange(key, 0, -1))).toEqual([
    {
      position: "1",
      revision: 0,
      type: "CustomerTagged",
      occurredAt: "2026-01-01T10:00:00.000Z",
      actor: "staff anna",
    },
    {
      position: "3",
      revision: 1,
      type: "CustomerDeleted",
      occurredAt: "2026-01-02T09:00:00.000Z",
      actor: "staff anna",
    },
  ]);
  const other = await client.zrange(
    redisKeys.view("timeline", 1, timelineKeys.customer("cus_2")),
    0,
    -1,
  );
  expect(other.join()).not.toContain("secret");
});
