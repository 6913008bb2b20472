import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const run = promisify(execFile);
const child = fileURLToPath(new URL("../../dist/testing/redisOwnerChild.js", import.meta.url));

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it("a test process killed without cleaning up takes its redis-server (and its directory) along", async () => {
  const owner = spawn(process.execPath, [child], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    owner.stdout.once("data", (chunk: Buffer) => resolve(Number(String(chunk).trim())));
    owner.once("exit", (code) => reject(new Error(`owner exited with ${code}`)));
  });
  const info = (await run("redis-cli", ["-p", String(port), "INFO", "server"])).stdout;
  const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
  const dir = (await run("redis-cli", ["-p", String(port), "CONFIG", "GET", "dir"])).stdout
    .trim()
    .split("\n")[1] as string;
  expect(isRunning(pid)).toBe(true);
  expect(existsSync(dir)).toBe(true);

  owner.kill("SIGKILL");
  const deadline = Date.now() + 10_000;
  while ((isRunning(pid) || existsSync(dir)) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
  expect(isRunning(pid)).toBe(false);
  expect(existsSync(dir)).toBe(false);
});
