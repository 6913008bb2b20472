import { readFileSync } from "node:fs";
import * as core from "@clientele/core";
import { expect, it, vi } from "vitest";
import * as segments from "../index.js";

const guide = readFileSync(new URL("../../../../docs/segments.md", import.meta.url), "utf8");
const snippet =
  /```ts\n([\s\S]*?)\n```/.exec(guide.split("## Saved segments and notifications")[1] ?? "")?.[1] ??
  "";

const modules: Record<string, Record<string, unknown>> = {
  "@clientele/core": core,
  "@clientele/segments": segments,
};

/**
 * Runs a guide snippet as written: its imports become parameters bound to the packages, so the
 * block needs no build step and any name it uses must really be exported.
 */
const run = async (source: string, log: (...args: unknown[]) => void) => {
  const names: string[] = [];
  const values: unknown[] = [];
  const body = source.replace(/import\s*\{([^}]*)\}\s*from\s*"([^"]+)";/g, (_, list, from) => {
    for (const name of String(list)
      .split(",")
      .map((n) => n.trim())
      .filter(Boolean)) {
      const module = modules[from] as Record<string, unknown>;
      expect(module[name], `${from} exports ${name}`).toBeDefined();
      names.push(name);
      values.push(module[name]);
    }
    return "";
  });
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
  await new AsyncFunction("console", ...names, body)({ log }, ...values);
};

it("docs/segments.md: the saved segments snippet runs and prints what the guide says", async () => {
  const printed: unknown[][] = [];
  await run(snippet, (...args) => printed.push(args));
  const reports = printed.filter(([first]) => Array.isArray(first)).map(([first]) => first);
  expect(reports).toEqual([
    [{ segmentId: expect.stringMatching(/^seg_/), joined: 1, left: 0 }],
    [{ segmentId: expect.stringMatching(/^seg_/), joined: 0, left: 1 }],
  ]);
  await vi.waitFor(() =>
    expect(printed.filter(([first]) => typeof first === "string")).toEqual([
      ["CustomerJoinedSegment", "cus_1", true],
      ["CustomerLeftSegment", "cus_1", true],
    ]),
  );
});
