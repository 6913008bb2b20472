import { describe, it } from "vitest";
import { created, customerId, manyTags, tagged, untagged } from "../spec/fixtures.js";
import { given } from "../spec/givenWhenThen.js";

describe("tags", () => {
  it("adds new tags, trimmed, from a list", () => {
    given(created())
      .when({ type: "AddTags", customerId, tags: [" VIP ", "wholesale"] })
      .then([tagged("VIP", "wholesale")]);
  });

  it("accepts one comma-separated string and drops empty entries", () => {
    given(created())
      .when({ type: "AddTags", customerId, tags: "vip, , wholesale,," })
      .then([tagged("vip", "wholesale")]);
  });

  it("splits list items on commas too", () => {
    given(created())
      .when({ type: "AddTags", customerId, tags: ["a,b", "c"] })
      .then([tagged("a", "b", "c")]);
  });

  it("treats tags case-insensitively: adding an existing tag in another case is a no-op", () => {
    given(created({ tags: ["VIP"] }))
      .when({ type: "AddTags", customerId, tags: "vip" })
      .then([]);
  });

  it("keeps the first spelling when one command repeats a tag in different cases", () => {
    given(created())
      .when({ type: "AddTags", customerId, tags: ["Gold", "GOLD", "gold"] })
      .then([tagged("Gold")]);
  });

  it("records only the tags that are new", () => {
    given(created({ tags: ["VIP"] }))
      .when({ type: "AddTags", customerId, tags: "vip, new" })
      .then([tagged("new")]);
  });

  it("allows exactly 250 tags", () => {
    given(created({ tags: manyTags(249) }))
      .when({ type: "AddTags", customerId, tags: "one more" })
      .then([tagged("one more")]);
  });

  it("refuses the 251st tag with TAG_LIMIT_EXCEEDED", () => {
    given(created({ tags: manyTags(250) }))
      .when({ type: "AddTags", customerId, tags: "one too many" })
      .thenThrows("TAG_LIMIT_EXCEEDED", { limit: 250, current: 250, resulting: 251 });
  });

  it("does not count tags already held against the limit", () => {
    given(created({ tags: manyTags(250) }))
      .when({ type: "AddTags", customerId, tags: "T1, t250" })
      .then([]);
  });

  it("allows a 255-character tag and refuses a 256-character one with TAG_TOO_LONG", () => {
    given(created())
      .when({ type: "AddTags", customerId, tags: ["x".repeat(255)] })
      .then([tagged("x".repeat(255))]);
    given(created())
      .when({ type: "AddTags", customerId, tags: ["ok", "y".repeat(256)] })
      .thenThrows("TAG_TOO_LONG", { tags: ["y".repeat(256)], maxLength: 255 });
  });

  it("removes tags case-insensitively, recording the spelling the profile held", () => {
    given(created({ tags: ["VIP", "wholesale"] }))
      .when({ type: "RemoveTags", customerId, tags: "vip, unknown" })
      .then([untagged("VIP")]);
  });

  it("removing tags the profile does not hold records nothing", () => {
    given(created({ tags: ["VIP"] }))
      .when({ type: "RemoveTags", customerId, tags: ["other"] })
      .then([]);
  });

  it("replaces the list: removals first, then additions, keeping tags that stay", () => {
    given(created({ tags: ["VIP", "old"] }))
      .when({ type: "ReplaceTags", customerId, tags: "vip, new" })
      .then([untagged("old"), tagged("new")]);
  });

  it("replacing with the same tags in another case records nothing", () => {
    given(created({ tags: ["VIP"] }))
      .when({ type: "ReplaceTags", customerId, tags: "vip" })
      .then([]);
  });

  it("replacing with an empty list clears every tag", () => {
    given(created({ tags: ["a", "b"] }))
      .when({ type: "ReplaceTags", customerId, tags: "" })
      .then([untagged("a", "b")]);
  });

  it("refuses to replace with more than 250 tags or a tag that is too long", () => {
    given(created())
      .when({ type: "ReplaceTags", customerId, tags: manyTags(251) })
      .thenThrows("TAG_LIMIT_EXCEEDED", { resulting: 251 });
    given(created())
      .when({ type: "ReplaceTags", customerId, tags: ["z".repeat(256)] })
      .thenThrows("TAG_TOO_LONG");
  });

  it("a full profile can still swap tags by replacing", () => {
    given(created({ tags: manyTags(250) }))
      .when({ type: "ReplaceTags", customerId, tags: [...manyTags(249), "fresh"] })
      .then([untagged("t250"), tagged("fresh")]);
  });
});
