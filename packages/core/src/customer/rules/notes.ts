import { ClienteleError } from "../../errors.js";
import type { CommandOf } from "../commands/index.js";
import type { CustomerEvent } from "../events/index.js";
import type { CustomerState } from "../state.js";

/** Shopify caps the staff note at 5,000 characters. */
export const maxNoteLength = 5000;

export const assertNoteLength = (note: string): void => {
  if (note.length > maxNoteLength) {
    throw new ClienteleError(
      "NOTE_TOO_LONG",
      `A note can be at most ${maxNoteLength} characters; this one has ${note.length}. Shorten it.`,
      { maxLength: maxNoteLength, length: note.length },
    );
  }
};

/** Setting the note it already has changes nothing and records nothing. */
export const decideSetNote = (
  command: CommandOf<"SetNote">,
  state: CustomerState,
): CustomerEvent[] => {
  assertNoteLength(command.note);
  return command.note === state.note
    ? []
    : [{ type: "CustomerNoted", data: { note: command.note } }];
};
