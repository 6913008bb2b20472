import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Cluster, Redis } from "ioredis";

const run = promisify(execFile);

/** A throwaway redis-server owned by one test file; never the shared 6379 instance. */
export interface RedisServer {
  port: number;
  url: string;
  /** A new client connected to this server; the caller quits it. */
  client(): Redis;
  /** Kills the server and removes its data directory. */
  stop(): Promise<void>;
}

/** Three (or more) cluster masters covering all 16384 slots. */
export interface RedisCluster {
  nodes: RedisServer[];
  /** A new cluster client seeded with every node; the caller quits it. */
  cluster(): Cluster;
  stop(): Promise<void>;
}

/** Lets the OS pick a free port; the tiny race until redis binds it is acceptable in tests. */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("node:net returned no port")),
      );
    });
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cli = async (port: number, ...args: string[]): Promise<string> =>
  (await run("redis-cli", ["-p", String(port), ...args])).stdout.trim();

const waitFor = async (what: string, check: () => Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
};

const exited = (process: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (process.exitCode !== null || process.signalCode !== null) return resolve();
    process.once("exit", () => resolve());
  });

/**
 * A shell loop that outlives this process: if it dies without calling `stop()` (a SIGKILLed test
 * run or benchmark), the loop kills the server and removes its directory, so no redis-server is
 * left behind on the machine. It ends by itself within a second of the server stopping.
 */
const watchOwner = (serverPid: number, dir: string) =>
  spawn(
    "sh",
    [
      "-c",
      'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done; kill -9 "$2" 2>/dev/null; rm -rf "$3"',
      "clientele-redis-watchdog",
      String(globalThis.process.pid),
      String(serverPid),
      dir,
    ],
    { detached: true, stdio: "ignore" },
  ).unref();

const spawnServer = async (extraArgs: string[] = []): Promise<RedisServer> => {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "clientele-redis-"));
  const process = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"].concat(
      ["--dir", dir],
      extraArgs,
    ),
    { stdio: "ignore" },
  );
  let spawnError: Error | undefined;
  process.once("error", (error) => {
    spawnError = error;
  });
  if (process.pid !== undefined) watchOwner(process.pid, dir);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.kill("SIGKILL");
    // A process that never spawned emits no exit event.
    if (!spawnError) await exited(process);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(`redis-server on port ${port}`, async () => {
      if (spawnError) throw new Error(`Cannot start redis-server: ${spawnError.message}`);
      if (process.exitCode !== null) throw new Error(`redis-server exited (${process.exitCode})`);
      return cli(port, "PING").then(
        (reply) => reply === "PONG",
        () => false,
      );
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    client: () => new Redis({ port, host: "127.0.0.1", lazyConnect: false }),
    stop,
  };
};

/**
 * Starts a private redis-server on a free port with persistence off.
 *
 * @example
 * const redis = await startRedisServer();
 * const client = redis.client();
 * afterAll(async () => { client.disconnect(); await redis.stop(); });
 */
export const startRedisServer = (): Promise<RedisServer> => spawnServer();

/** A test runner's suite hooks (vitest's), passed in so this module depends on no runner. */
export interface SuiteHooks {
  beforeAll(run: () => Promise<void>): void;
  afterAll(run: () => Promise<void>): void;
}

/**
 * A private redis-server for one spec file: started before its tests, stopped after them, with
 * one client the tests share.
 *
 * @example
 * const redis = usePrivateRedis({ beforeAll, afterAll });
 * it("...", async () => { await redis.client.flushall(); });
 */
export const usePrivateRedis = (
  hooks: SuiteHooks,
): { readonly server: RedisServer; readonly client: Redis } => {
  let server: RedisServer | undefined;
  let client: Redis | undefined;
  hooks.beforeAll(async () => {
    server = await startRedisServer();
    client = server.client();
  });
  hooks.afterAll(async () => {
    client?.disconnect();
    await server?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined)
      throw new Error("The private redis-server starts in beforeAll: use it in tests and hooks.");
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get client() {
      return started(client);
    },
  };
};

/**
 * Starts `masters` cluster-enabled servers and joins them with `redis-cli --cluster create`.
 *
 * @example
 * const cluster = await startRedisCluster(3);
 * const client = cluster.cluster();
 */
export const startRedisCluster = async (masters = 3): Promise<RedisCluster> => {
  const nodes: RedisServer[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
  };
  try {
    for (let i = 0; i < masters; i++) {
      nodes.push(
        await spawnServer([
          "--cluster-enabled",
          "yes",
          "--cluster-config-file",
          "nodes.conf",
          "--cluster-node-timeout",
          "5000",
        ]),
      );
    }
    await run("redis-cli", [
      "--cluster",
      "create",
      ...nodes.map((node) => `127.0.0.1:${node.port}`),
      "--cluster-replicas",
      "0",
      "--cluster-yes",
    ]);
    for (const node of nodes) {
      await waitFor(`cluster_state:ok on port ${node.port}`, () =>
        cli(node.port, "CLUSTER", "INFO").then(
          (info) => info.includes("cluster_state:ok"),
          () => false,
        ),
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    nodes,
    cluster: () =>
      new Cluster(
        nodes.map((node) => ({ host: "127.0.0.1", port: node.port })),
        { scaleReads: "master" },
      ),
    stop,
  };
};
