export { customerCreated, customerHistory, project, staffAnna } from "./customerHistory.js";
export { appendCustomerLives } from "./customerLives.js";
export { seededRandom } from "./history.js";
export {
  type RedisCluster,
  type RedisServer,
  type SuiteHooks,
  startRedisCluster,
  startRedisServer,
  usePrivateRedis,
} from "./redisServer.js";
