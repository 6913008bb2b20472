import { z } from "zod";
import { defineEvent } from "./define.js";

/** Only the tags that were new to the profile, in the spelling that is now kept. */
export const customerTaggedSchema = defineEvent(
  "CustomerTagged",
  z.object({ tags: z.array(z.string()).min(1) }),
);

/** The tags removed, in the spelling the profile held. */
export const customerUntaggedSchema = defineEvent(
  "CustomerUntagged",
  z.object({ tags: z.array(z.string()).min(1) }),
);

export const customerNotedSchema = defineEvent("CustomerNoted", z.object({ note: z.string() }));
