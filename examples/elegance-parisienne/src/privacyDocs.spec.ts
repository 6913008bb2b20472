import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// docs/privacy.md shows these files verbatim; each must stay runnable and print what the doc says.
describe("docs/privacy.md snippets", () => {
  it.each([
    ["privacyExample", "false\nsophie@example.fr\ndestroyed\n[redacted] [redacted]"],
    ["emailExample", "2 0\n[ 'leo@example.fr delivered', 'anna@elegance.example delivered' ]"],
  ])("%s is in the doc verbatim and prints what the doc says", async (name, expected) => {
    const doc = await readFile(at("../../../docs/privacy.md"), "utf8");
    const snippet = await readFile(at(`./${name}.ts`), "utf8");
    expect(doc).toContain(snippet.trim());
    const { stdout } = await run(process.execPath, [at(`../dist/${name}.js`)]);
    expect(stdout.trim()).toBe(expected);
  });
});
