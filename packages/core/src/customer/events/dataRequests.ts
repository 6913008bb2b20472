import { z } from "zod";
import { isoDateTimeSchema } from "../commands/fields.js";
import { defineEvent } from "./define.js";

/** A customer asked for a copy of their data; while it runs the profile cannot be merged. */
export const dataRequestStartedSchema = defineEvent(
  "DataRequestStarted",
  z.object({ requestId: z.string().min(1), requestedAt: isoDateTimeSchema }),
);

/** The export was produced and handed over; the export itself is never stored in the stream. */
export const dataRequestCompletedSchema = defineEvent(
  "DataRequestCompleted",
  z.object({ requestId: z.string().min(1) }),
);
