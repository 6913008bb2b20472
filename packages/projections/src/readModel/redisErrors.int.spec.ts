import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { usePrivateRedis } from "../testing/redisServer.js";
import { redisKeys } from "./readModelStore.js";
import { getRedisReadModelStore } from "./redisReadModelStore.js";

const redis = usePrivateRedis({ beforeAll, afterAll });

describe("what Redis throws reaches callers as typed errors, never a bare ioredis error", () => {
  it("an error reply is READ_MODEL_REFUSED with Redis' words", async () => {
    await redis.client.set(redisKeys.view("errors", 1, "profile"), "not a hash");
    const readModel = getRedisReadModelStore({ client: redis.client });
    const failure = await readModel.readHash("errors", 1, "profile").catch((error) => error);
    expect(failure).toMatchObject({
      name: "ProjectionError",
      code: "READ_MODEL_REFUSED",
      details: { operation: "readHash", reply: expect.stringContaining("WRONGTYPE") },
    });
  });

  it("no server is READ_MODEL_UNAVAILABLE, saying what to check", async () => {
    const client = new Redis({
      port: 1,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on("error", () => undefined);
    const readModel = getRedisReadModelStore({ client });
    const failure = await readModel.checkpoint("errors", 1).catch((error) => error);
    expect(failure).toMatchObject({ code: "READ_MODEL_UNAVAILABLE" });
    expect(failure.message).toMatch(/running and reachable/);
    client.disconnect();
  });
});
