import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Each snippet in docs/ is one of these files, verbatim, and prints what the page says it prints.
const snippets = [
  [
    "privacy.md",
    "mergeExample",
    ["true EMAIL_KEPT 0", "Pierre Dupont pierre@example.fr 1", "CUSTOMER_MERGED true", "0"],
  ],
  [
    "privacy.md",
    "erasureExample",
    [
      "2026-03-11T09:00:00.000Z",
      "destroy the keys of 1 profile(s): redacted",
      "1 null",
      "destroy the keys of 1 profile(s): deleted",
    ],
  ],
  [
    "privacy.md",
    "dataRequestExample",
    ["clientele.customer-data-export 1 Claire 2", "Profile created (source: manual) by staff anna"],
  ],
  ["bulk.md", "bulkExample", ["3/3", "2 1 CUSTOMER_NOT_FOUND", "true 2"]],
] as const;

describe("the snippets in docs/", () => {
  it.each(snippets)(
    "%s shows %s.ts verbatim, and it prints what the page says",
    async (page, file, lines) => {
      const doc = await readFile(at(`../../../../docs/${page}`), "utf8");
      const source = await readFile(at(`./${file}.ts`), "utf8");
      expect(doc).toContain(source.trim());
      const { stdout } = await run(process.execPath, [at(`../../dist/docs/${file}.js`)]);
      expect(stdout.trim().split("\n")).toEqual(lines);
      for (const line of lines) expect(doc).toContain(line);
    },
  );
});
