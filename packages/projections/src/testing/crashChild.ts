/**
 * A rebuild as a separate process, for the crash test: builds the seeded customer history in an
 * in-memory event store (which cannot outlive a process), rebuilds the timeline and the directory
 * into Redis (each beside whatever is live, switching over when caught up), and prints
 * `caught-up` once both are done. The test SIGKILLs it at random moments and starts it again.
 *
 * Usage: node crashChild.js <redisPort> <seed> <eventCount> <batchSize>
 */
import { getInMemoryEventStore } from "@clientele/core";
import { Redis } from "ioredis";
import { directory } from "../directory/directory.js";
import { getRedisReadModelStore } from "../readModel/redisReadModelStore.js";
import { rebuildProjection } from "../rebuild.js";
import { timeline } from "../timeline/timeline.js";
import { appendCustomerLives } from "./customerLives.js";

const [port, seed, count, batchSize] = process.argv.slice(2).map(Number);
const store = getInMemoryEventStore();
await appendCustomerLives(store, { seed: seed as number, count: count as number });
const client = new Redis({ port: port as number, host: "127.0.0.1" });
const readModel = getRedisReadModelStore({ client });
process.stdout.write("started\n");
for (const projection of [timeline, directory]) {
  // A restarted deploy skips what an earlier run already switched over, as a service would.
  if ((await readModel.liveVersion(projection.name)) === projection.version) continue;
  await rebuildProjection({ store, readModel, projection, batchSize: batchSize as number });
}
process.stdout.write("caught-up\n");
client.disconnect();
