export {
  type RedisCluster,
  type RedisServer,
  startRedisCluster,
  startRedisServer,
} from "./redisServer.js";
