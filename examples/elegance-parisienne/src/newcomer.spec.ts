import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// What a newcomer reads and types first must stay true: the README's example and `pnpm demo`.
describe("what a newcomer runs first", () => {
  it("the README's embedding example is this package's readmeExample.ts, verbatim, and it runs", async () => {
    const readme = await readFile(at("../../../README.md"), "utf8");
    const example = await readFile(at("./readmeExample.ts"), "utf8");
    expect(readme).toContain(example.trim());
    const { stdout } = await run(process.execPath, [at("../dist/readmeExample.js")]);
    expect(stdout.trim()).toBe("Pierre [ 'VIP', 'Paris' ] 1");
  });

  it("the README's quick start holds exactly the two set-up commands", async () => {
    const readme = await readFile(at("../../../README.md"), "utf8");
    const quickStart = readme.split("## Quick start")[1] ?? "";
    const firstBash = /```bash\n([\s\S]*?)```/.exec(quickStart)?.[1] ?? "";
    const commands = firstBash.trim().split("\n");
    expect(commands).toHaveLength(2);
    expect(commands[0]).toMatch(/pnpm install --frozen-lockfile && pnpm demo$/);
    expect(commands[1]).toMatch(/pnpm install --frozen-lockfile && pnpm test$/);
  });

  it("the demo tells Pierre's story: commuting edits, a named conflict, a blocked delete, a refusal", async () => {
    const { stdout } = await run(process.execPath, [at("../dist/main.js")]);
    expect(stdout).toContain(
      "A second order with the same email attaches to the same profile: yes (2 orders).",
    );
    expect(stdout).toMatch(/Both succeed/);
    expect(stdout).toMatch(/Marc is told: CONCURRENCY_CONFLICT: .*changed by staff anna/);
    expect(stdout).toMatch(/Refused — DELETE_BLOCKED: .*HAS_ORDERS/);
    expect(stdout).toMatch(/Refused — FORBIDDEN: staff julie may not run SetNote/);
    expect(stdout).toMatch(/#7 .* Profile updated \(lastName\) by staff anna/);
  });

  it("the demo ends with the analyst's count from the segment index, equal to the reference evaluator's", async () => {
    const { stdout } = await run(process.execPath, [at("../dist/main.js")]);
    const indexed =
      /The segment index, projected from the store in \d+ ms, counts (\d+) customers .*Pierre is one of them/.exec(
        stdout,
      );
    const reference =
      /The reference evaluator, replaying all 1001 profiles from the store, counts (\d+): the same\./.exec(
        stdout,
      );
    expect(indexed?.[1]).toBeDefined();
    expect(Number(indexed?.[1])).toBeGreaterThan(1);
    expect(reference?.[1]).toBe(indexed?.[1]);
  });
});
