import { z } from "zod";
import { addressAddedSchema, defaultAddressSetSchema } from "./addresses.js";
import { emailMarketingConsentUpdatedSchema, smsMarketingConsentUpdatedSchema } from "./consent.js";
import {
  checkoutAbandonedSchema,
  giftCardDeliveredSchema,
  giftCardScheduledSchema,
  orderRecordedSchema,
  paymentMethodStoredSchema,
} from "./facts.js";
import { accountStateChangedSchema } from "./lifecycle.js";
import { customerUpdatedSchema } from "./profile.js";
import { customerNotedSchema, customerTaggedSchema } from "./tags.js";

/**
 * The ordinary events a survivor may gain from the profile it absorbs (`CustomerMerged.gained`).
 * Never a lifecycle event: applying them to the survivor with the usual handlers gives the merged
 * profile, so a projection needs no cross-stream read.
 * @example gainedEventSchema.parse({ type: "CustomerTagged", data: { tags: ["VIP"] } })
 */
export const gainedEventSchema = z.discriminatedUnion("type", [
  customerUpdatedSchema,
  customerTaggedSchema,
  customerNotedSchema,
  addressAddedSchema,
  defaultAddressSetSchema,
  emailMarketingConsentUpdatedSchema,
  smsMarketingConsentUpdatedSchema,
  accountStateChangedSchema,
  orderRecordedSchema,
  checkoutAbandonedSchema,
  paymentMethodStoredSchema,
  giftCardScheduledSchema,
  giftCardDeliveredSchema,
]);
export type GainedEvent = z.infer<typeof gainedEventSchema>;
