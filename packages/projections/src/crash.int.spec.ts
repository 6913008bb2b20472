import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { getInMemoryEventStore } from "@clientele/core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { directory } from "./directory/directory.js";
import { getInMemoryReadModelStore } from "./readModel/inMemoryReadModelStore.js";
import { getRedisReadModelStore } from "./readModel/redisReadModelStore.js";
import { rebuildProjection } from "./rebuild.js";
import { appendCustomerLives } from "./testing/customerLives.js";
import { seededRandom } from "./testing/history.js";
import { usePrivateRedis } from "./testing/redisServer.js";
import { timeline } from "./timeline/timeline.js";

const child = fileURLToPath(new URL("../dist/testing/crashChild.js", import.meta.url));
const seed = 20_261_123;
const eventCount = 100_000;
const batchSize = 200;
const kills = 20;
const projections = [timeline, directory];

const redis = usePrivateRedis({ beforeAll, afterAll });

const spawnProjector = () =>
  spawn(
    process.execPath,
    [child, String(redis.server.port), String(seed), String(eventCount), String(batchSize)],
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

it("a rebuild of 100,000 events SIGKILLed 20 times at random points ends equal to a clean rebuild", async () => {
  expect(existsSync(child), `${child} is missing: run \`pnpm build\` first`).toBe(true);
  const readModel = getRedisReadModelStore({ client: redis.client });
  const random = seededRandom(seed);
  // Progress over both rebuilds, one after the other: 0 .. 2 * eventCount.
  const progress = async () => {
    let done = 0n;
    for (const { name, version } of projections)
      done += (await readModel.checkpoint(name, version)) ?? 0n;
    return done;
  };
  const stops: bigint[] = [];

  // Kill when the rebuilds pass a random target in each twentieth of the work, so every kill
  // lands mid-rebuild however fast the process is.
  for (let kill = 0; kill < kills; kill++) {
    const target = BigInt(Math.floor(((kill + random()) / kills) * 2 * eventCount));
    const rebuilder = spawnProjector();
    await line(rebuilder, "started");
    while ((await progress()) < target && rebuilder.exitCode === null)
      await new Promise((resolve) => setTimeout(resolve, 2));
    rebuilder.kill("SIGKILL");
    await exit(rebuilder);
    stops.push(await progress());
  }
  const last = spawnProjector();
  await line(last, "caught-up");
  expect(await exit(last)).toBe(0);

  // The kills must have landed mid-rebuild, or the test proves nothing.
  const midway = stops.filter((s) => s > 0n && s < BigInt(2 * eventCount));
  expect(midway.length, `progress after kills: ${stops.join(", ")}`).toBeGreaterThanOrEqual(15);

  const store = getInMemoryEventStore();
  const { head } = await appendCustomerLives(store, { seed, count: eventCount });
  const reference = getInMemoryReadModelStore();
  for (const projection of projections) {
    await rebuildProjection({ store, readModel: reference, projection });
    const { name, version } = projection;
    expect(await readModel.checkpoint(name, version)).toBe(head);
    expect(await readModel.liveVersion(name)).toBe(version);
    expect(await readModel.snapshot(name, version)).toEqual(
      await reference.snapshot(name, version),
    );
  }
}, 240_000);
