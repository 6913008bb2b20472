import { z } from "zod";
import { actorSchema } from "../../actor.js";
import { isoDateTimeSchema } from "../commands/fields.js";
import { accountStateSchema } from "../vocabulary.js";
import { defineEvent } from "./define.js";

export const accountStateChangedSchema = defineEvent(
  "AccountStateChanged",
  z.object({ accountState: accountStateSchema }),
);

/** The stream stays so auditors keep the fact; the personal data is shredded (privacy.md). */
export const customerDeletedSchema = defineEvent("CustomerDeleted", z.object({}));

/** Who asked matters: only they may cancel (UNAUTHORIZED_CANCELLATION). */
export const redactionRequestedSchema = defineEvent(
  "RedactionRequested",
  z.object({ requestedBy: actorSchema, requestedAt: isoDateTimeSchema, dueAt: isoDateTimeSchema }),
);

export const redactionCancelledSchema = defineEvent(
  "RedactionCancelled",
  z.object({ cancelledBy: actorSchema }),
);

export const customerRedactedSchema = defineEvent("CustomerRedacted", z.object({}));

/** Written on the absorbed profile; it answers every later command with CUSTOMER_MERGED. */
export const customerMergedIntoSchema = defineEvent(
  "CustomerMergedInto",
  z.object({ survivorId: z.string().min(1), mergeId: z.string().min(1) }),
);
