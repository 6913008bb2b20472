export {
  getRedisCheckpointStore,
  type RedisCheckpointStoreOptions,
} from "./redisCheckpointStore.js";
export { getRedisKeyStore, type RedisKeyStoreOptions } from "./redisKeyStore.js";
