import { z } from "zod";
import { defineEvent } from "./define.js";
import { gainedEventSchema } from "./gained.js";

const id = z.string().min(1);

/**
 * Written on both profiles when a merge begins: until `CustomerMerged` / `CustomerMergedInto` or
 * `CustomerMergeAbandoned`, the profile shows "merge in progress" and refuses staff edits.
 */
export const customerMergeStartedSchema = defineEvent(
  "CustomerMergeStarted",
  z.object({ mergeId: id, survivorId: id, absorbedId: id }),
);

/** Written on the survivor: `gained`, applied in order, turns it into the merged profile. */
export const customerMergedSchema = defineEvent(
  "CustomerMerged",
  z.object({ mergeId: id, absorbedId: id, gained: z.array(gainedEventSchema) }),
);

/** Written on each profile a merge had started on, when it could not finish (see docs/privacy.md). */
export const customerMergeAbandonedSchema = defineEvent(
  "CustomerMergeAbandoned",
  z.object({ mergeId: id }),
);
