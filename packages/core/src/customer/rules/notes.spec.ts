import { describe, it } from "vitest";
import { created, customerId } from "../spec/fixtures.js";
import { given } from "../spec/givenWhenThen.js";

describe("note", () => {
  it("records a new note", () => {
    given(created())
      .when({ type: "SetNote", customerId, note: "Prefers phone calls" })
      .then([{ type: "CustomerNoted", data: { note: "Prefers phone calls" } }]);
  });

  it("allows exactly 5,000 characters", () => {
    const note = "n".repeat(5000);
    given(created())
      .when({ type: "SetNote", customerId, note })
      .then([{ type: "CustomerNoted", data: { note } }]);
  });

  it("refuses 5,001 characters with NOTE_TOO_LONG", () => {
    given(created())
      .when({ type: "SetNote", customerId, note: "n".repeat(5001) })
      .thenThrows("NOTE_TOO_LONG", { maxLength: 5000, length: 5001 });
  });

  it("setting the same note again records nothing", () => {
    given(created({ note: "same" }))
      .when({ type: "SetNote", customerId, note: "same" })
      .then([]);
  });

  it("an empty note clears it", () => {
    given(created({ note: "old" }))
      .when({ type: "SetNote", customerId, note: "" })
      .then([{ type: "CustomerNoted", data: { note: "" } }]);
  });
});
