/**
 * Starts a private redis-server, prints its port, and waits to be killed: redisServer.int.spec.ts
 * SIGKILLs it and checks that the server does not outlive it.
 *
 * Usage: node redisOwnerChild.js
 */
import { startRedisServer } from "./redisServer.js";

const redis = await startRedisServer();
process.stdout.write(`${redis.port}\n`);
setInterval(() => undefined, 60_000);
