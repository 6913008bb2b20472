import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createCustomers,
  customerStreamName,
  shredClosedSubjects,
  staffPrincipal,
} from "@clientele/core";
import { getPGliteEventStore } from "@clientele/postgres";
import { testing } from "@clientele/projections";
import { describe, expect, it } from "vitest";
import { getRedisKeyStore } from "./redisKeyStore.js";

const child = fileURLToPath(new URL("../test/shredCrashChild.mjs", import.meta.url));

const run = (args: string[]) =>
  new Promise<{ signal: NodeJS.Signals | null; stdout: string }>((resolve, reject) => {
    const process_ = spawn(process.execPath, [child, ...args], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    process_.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    process_.once("error", reject);
    process_.once("exit", (_code, signal) => resolve({ signal, stdout }));
  });

describe("a crash between the deletion and the key's destruction", () => {
  it("leaves a live key that shredClosedSubjects destroys, after which nothing is recoverable", async () => {
    const redis = await testing.startRedisServer();
    const dataDir = await mkdtemp(join(tmpdir(), "clientele-shred-crash-"));
    const client = redis.client();
    try {
      const crashed = await run([dataDir, String(redis.port), "cus_victim"]);
      expect(crashed.signal).toBe("SIGKILL");
      expect(crashed.stdout).toBe("created\n");

      const keyStore = getRedisKeyStore({ client });
      const store = getPGliteEventStore({ dataDir });
      try {
        const types = (await store.readStream(customerStreamName("cus_victim"))).map((e) => e.type);
        expect(types).toEqual(["CustomerCreated", "CustomerDeleted"]);
        expect((await keyStore.get("cus_victim")).status).toBe("active");

        expect((await shredClosedSubjects({ store, keyStore })).shredded).toEqual(["cus_victim"]);
        expect(await keyStore.get("cus_victim")).toEqual({ status: "destroyed" });
        const customers = createCustomers({
          store,
          keyStore,
          uniquenessSecret: "shred-crash-uniqueness-secret",
        });
        const viewer = staffPrincipal("auditor", ["customers:view"]);
        const [created] = await customers.history("cus_victim", viewer);
        expect(created?.data).toMatchObject({ email: "[redacted]", note: "[redacted]" });
        expect((await customers.load("cus_victim", viewer)).state).toMatchObject({
          status: "deleted",
          email: null,
        });
      } finally {
        await store.close();
      }
    } finally {
      client.disconnect();
      await redis.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
