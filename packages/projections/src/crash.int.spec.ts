import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { getInMemoryEventStore } from "@clientele/core";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { streamStats } from "./examples/streamStats.js";
import { getInMemoryReadModelStore } from "./readModel/inMemoryReadModelStore.js";
import { getRedisReadModelStore } from "./readModel/redisReadModelStore.js";
import { rebuildProjection } from "./rebuild.js";
import { appendHistory, seededHistory, seededRandom } from "./testing/history.js";
import { type RedisServer, startRedisServer } from "./testing/redisServer.js";

const child = fileURLToPath(new URL("../dist/testing/crashChild.js", import.meta.url));
const seed = 20_261_123;
const eventCount = 20_000;
const batchSize = 20;

let redis: RedisServer;
let client: Redis;
beforeAll(async () => {
  redis = await startRedisServer();
  client = redis.client();
});
afterAll(async () => {
  client?.disconnect();
  await redis?.stop();
});

const spawnProjector = () =>
  spawn(
    process.execPath,
    [child, String(redis.port), String(seed), String(eventCount), String(batchSize)],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );

const line = (process: ChildProcess, text: string) =>
  new Promise<void>((resolve, reject) => {
    let out = "";
    process.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(text)) resolve();
    });
    process.once("exit", (code, signal) =>
      out.includes(text)
        ? resolve()
        : reject(new Error(`projector exited (${code ?? signal}) before "${text}"`)),
    );
  });

const exit = (process: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (process.exitCode !== null || process.signalCode !== null) resolve(process.exitCode);
    else process.once("exit", (code) => resolve(code));
  });

it("a projector SIGKILLed at random points ends with the view of a clean rebuild", async () => {
  expect(existsSync(child), `${child} is missing: run \`pnpm build\` first`).toBe(true);
  const readModel = getRedisReadModelStore({ client });
  const random = seededRandom(seed);
  const checkpoints: Array<bigint | undefined> = [];

  // Kill when the stored checkpoint passes a random target in each sixth of the history, so
  // every kill lands mid-projection however fast the projector is.
  for (let kill = 0; kill < 6; kill++) {
    const target = BigInt(Math.floor(((kill + random()) / 6) * eventCount));
    const projector = spawnProjector();
    await line(projector, "started");
    for (;;) {
      const checkpoint = await readModel.checkpoint("streamStats", 1);
      if ((checkpoint ?? 0n) >= target || projector.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    projector.kill("SIGKILL");
    await exit(projector);
    checkpoints.push(await readModel.checkpoint("streamStats", 1));
  }
  const last = spawnProjector();
  await line(last, "caught-up");
  expect(await exit(last)).toBe(0);

  // The kills must have landed mid-projection, or the test proves nothing.
  const midway = checkpoints.filter((c) => c !== undefined && c > 0n && c < BigInt(eventCount));
  expect(
    midway.length,
    `checkpoints after kills: ${checkpoints.join(", ")}`,
  ).toBeGreaterThanOrEqual(4);

  const store = getInMemoryEventStore();
  await appendHistory(store, seededHistory(seed, eventCount));
  const reference = getInMemoryReadModelStore();
  await rebuildProjection({ store, readModel: reference, projection: streamStats });
  expect(await readModel.checkpoint("streamStats", 1)).toBe(BigInt(eventCount));
  const snapshot = await readModel.snapshot("streamStats", 1);
  expect(snapshot).toEqual(await reference.snapshot("streamStats", 1));
  expect(Object.values(snapshot).filter((v) => v.type === "hash").length).toBe(4);
});
