import { readFileSync } from "node:fs";
import { isClienteleError } from "@clientele/core";
import { expect, it } from "vitest";
import { parseSegmentQuery } from "./parser.js";

const guide = readFileSync(new URL("../../../docs/segments.md", import.meta.url), "utf8");
const errorSections =
  guide.split("## Error messages you will see")[1]?.split("\n### ").slice(1) ?? [];
const quoted = errorSections.map((section) => ({
  query: /```\n([\s\S]*?)\n```/.exec(section)?.[1] ?? "",
  message: /```text\n([\s\S]*?)\n```/.exec(section)?.[1] ?? "",
}));

const messageFor = (query: string): string => {
  try {
    parseSegmentQuery(query);
  } catch (error) {
    if (isClienteleError(error, "SEGMENT_QUERY_INVALID")) return error.message;
    throw error;
  }
  return "(accepted)";
};

it("docs/segments.md quotes the parser's error messages word for word", () => {
  expect(quoted.length).toBeGreaterThanOrEqual(10);
  for (const { query, message } of quoted) expect(messageFor(query)).toBe(message);
});

it("every example in docs/segments.md parses", () => {
  const examples = guide.split("## Examples\n\n```\n")[1]?.split("\n```")[0]?.split("\n") ?? [];
  expect(examples.length).toBeGreaterThanOrEqual(10);
  for (const example of examples) expect(() => parseSegmentQuery(example)).not.toThrow();
});
