import { describe, expect, it } from "vitest";
import { displayName } from "./displayName.js";

const none = { firstName: null, lastName: null, email: null, phone: null };

describe("displayName", () => {
  it("prefers the full name, then the email, then the phone", () => {
    expect(displayName({ ...none, firstName: "Ada", lastName: "Lovelace", email: "a@b.co" })).toBe(
      "Ada Lovelace",
    );
    expect(displayName({ ...none, lastName: "Lovelace" })).toBe("Lovelace");
    expect(displayName({ ...none, email: "a@b.co", phone: "+14155550123" })).toBe("a@b.co");
    expect(displayName({ ...none, phone: "+14155550123" })).toBe("+14155550123");
    expect(displayName(none)).toBeNull();
  });
});
