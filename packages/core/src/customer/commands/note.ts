import { z } from "zod";
import { commandBase } from "./fields.js";

/** The 5,000-character cap is a domain rule (NOTE_TOO_LONG), checked by the decider. */
export const setNoteSchema = z.strictObject({
  type: z.literal("SetNote"),
  ...commandBase,
  note: z.string(),
});
