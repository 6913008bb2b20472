// One projector in its own process, for bench/projections.mjs: a service runs each projection's
// projector apart so that each has a core's main thread. Builds the same generated log as the
// parent (same seed), says "ready", projects it on "go", reports its CPU and exits.
import { Redis } from "ioredis";
import { getInMemoryEventStore } from "../packages/core/dist/index.js";
import {
  directory,
  getRedisReadModelStore,
  startProjector,
  testing,
  timeline,
} from "../packages/projections/dist/index.js";

const { port, projection, eventCount, eventsPerCustomer, batchSize } = JSON.parse(process.argv[2]);
const store = getInMemoryEventStore();
const { head } = await testing.appendCustomerLives(store, {
  seed: 42,
  count: eventCount,
  eventsPerCustomer,
});
const client = new Redis({ host: "127.0.0.1", port });
const readModel = getRedisReadModelStore({ client });
process.send("ready");
process.once("message", async () => {
  const before = process.cpuUsage();
  const projector = await startProjector({
    store,
    readModel,
    projection: { timeline, directory }[projection],
    batchSize,
    batchDelayMs: 5,
  });
  await projector.waitFor(head);
  await projector.stop();
  const cpu = process.cpuUsage(before);
  client.disconnect();
  process.send({ nodeUs: (cpu.user + cpu.system) / eventCount }, () => process.exit(0));
});
