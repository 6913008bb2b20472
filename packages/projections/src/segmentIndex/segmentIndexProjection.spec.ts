import { describe, expect, it } from "vitest";
import {
  segmentIndexFormat,
  segmentIndexProjections,
  segmentIndexVersion,
} from "./segmentIndexProjection.js";

describe("segment-index versions", () => {
  const layout = { shards: 2, version: 3, timeZone: "UTC" };

  it("carry the deployment's version and the code's key layout, so either change rebuilds", () => {
    expect(segmentIndexFormat).toBe(3);
    expect(segmentIndexVersion(layout)).toBe(303);
    expect(segmentIndexProjections(layout).map((projection) => projection.version)).toEqual([
      303, 303,
    ]);
  });

  it("never give a format-3 index the version a format-2 index of any layout had", () => {
    // Format 2 was layout.version * 100 + 2: an upgrade rebuilds beside it, never reads it.
    for (const version of [1, 2, 3, 100, 101, 102])
      expect(segmentIndexVersion({ ...layout, version }) % 100).not.toBe(2);
  });

  it("never give a format-3 index the version a format-1 index of the same layout had", () => {
    // Format 1 used layout.version itself.
    for (const version of [1, 2, 3, 100, 101, 102])
      expect(segmentIndexVersion({ ...layout, version })).not.toBe(version);
  });
});
