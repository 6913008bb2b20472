import type { CheckpointStore } from "@clientele/core";
import type { Cluster, Redis } from "ioredis";

export interface RedisCheckpointStoreOptions {
  client: Redis | Cluster;
  /** Default `clientele:`. */
  prefix?: string;
}

/**
 * Checkpoints in Redis (`<prefix>checkpoint:<name>`), so a restarted email dispatcher resumes where
 * it stopped instead of rescanning the log.
 *
 * @example
 * const outbox = createEmailDispatcher({ customers, transport, checkpoints: getRedisCheckpointStore({ client }) });
 */
export const getRedisCheckpointStore = ({
  client,
  prefix = "clientele:",
}: RedisCheckpointStoreOptions): CheckpointStore => ({
  async load(name) {
    const held = await client.get(`${prefix}checkpoint:${name}`);
    return held === null ? undefined : BigInt(held);
  },
  async save(name, position) {
    await client.set(`${prefix}checkpoint:${name}`, position.toString());
  },
});
