import { describeKeyStoreContract } from "@clientele/core/privacy-contract";
import { testing } from "@clientele/projections";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRedisCheckpointStore } from "./redisCheckpointStore.js";
import { getRedisKeyStore } from "./redisKeyStore.js";

const redis = testing.usePrivateRedis({ beforeAll, afterAll });
let prefixes = 0;

// Each test gets its own key prefix on the one private server: a fresh, empty key store.
describeKeyStoreContract("Redis key store", async () => ({
  keyStore: getRedisKeyStore({ client: redis.client, prefix: `contract${++prefixes}:` }),
  teardown: async () => undefined,
}));

describe("Redis key store durability", () => {
  it("a second process (another client) sees the same key, and the tombstone after destroy", async () => {
    const first = getRedisKeyStore({ client: redis.client, prefix: "shared:" });
    const other = redis.server.client();
    try {
      const second = getRedisKeyStore({ client: other, prefix: "shared:" });
      const minted = await first.getOrCreate("cus_1");
      expect(await second.get("cus_1")).toEqual(minted);
      await second.destroy("cus_1");
      expect(await first.getOrCreate("cus_1")).toEqual({ status: "destroyed" });
      // Only the tombstone is left in Redis: no key bytes under the subject.
      expect(await redis.client.get("shared:datakey:cus_1")).toBe("destroyed");
    } finally {
      other.disconnect();
    }
  });

  it("keeps checkpoints as exact bigints", async () => {
    const checkpoints = getRedisCheckpointStore({ client: redis.client, prefix: "cp:" });
    expect(await checkpoints.load("email-outbox")).toBeUndefined();
    await checkpoints.save("email-outbox", 9_007_199_254_740_993n);
    expect(await checkpoints.load("email-outbox")).toBe(9_007_199_254_740_993n);
  });
});
