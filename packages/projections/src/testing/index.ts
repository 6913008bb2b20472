export { customerHistory, project, staffAnna } from "./customerHistory.js";
export {
  type RedisCluster,
  type RedisServer,
  startRedisCluster,
  startRedisServer,
} from "./redisServer.js";
