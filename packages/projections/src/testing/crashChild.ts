/**
 * The projector as a separate process, for the crash test: builds the seeded history in an
 * in-memory event store (which cannot outlive a process), projects it into Redis, and prints
 * `caught-up` once done. The test SIGKILLs it at random moments and starts it again.
 *
 * Usage: node crashChild.js <redisPort> <seed> <eventCount> <batchSize>
 */
import { getInMemoryEventStore } from "@clientele/core";
import { Redis } from "ioredis";
import { streamStats } from "../examples/streamStats.js";
import { startProjector } from "../projector.js";
import { getRedisReadModelStore } from "../readModel/redisReadModelStore.js";
import { appendHistory, seededHistory } from "./history.js";

const [port, seed, count, batchSize] = process.argv.slice(2).map(Number);
const store = getInMemoryEventStore();
const last = await appendHistory(store, seededHistory(seed as number, count as number));
const client = new Redis({ port: port as number, host: "127.0.0.1" });
const readModel = getRedisReadModelStore({ client });
const projector = await startProjector({
  store,
  readModel,
  projection: streamStats,
  batchSize: batchSize as number,
  batchDelayMs: 1,
});
process.stdout.write(`started ${projector.checkpoint() ?? "none"}\n`);
await projector.waitFor(last as bigint);
await projector.stop();
process.stdout.write("caught-up\n");
client.disconnect();
