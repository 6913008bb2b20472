import { z } from "zod";
import {
  addressAddedSchema,
  addressRemovedSchema,
  addressUpdatedSchema,
  defaultAddressSetSchema,
} from "./addresses.js";
import { emailMarketingConsentUpdatedSchema, smsMarketingConsentUpdatedSchema } from "./consent.js";
import { dataRequestCompletedSchema, dataRequestStartedSchema } from "./dataRequests.js";
import { emailDeliveredSchema, emailDeliveryFailedSchema, emailSentSchema } from "./emails.js";
import {
  checkoutAbandonedSchema,
  companyContactLinkedSchema,
  giftCardDeliveredSchema,
  giftCardScheduledSchema,
  multipassIdentifierSetSchema,
  orderRecordedSchema,
  paymentMethodStoredSchema,
  storeCreditAccountOpenedSchema,
  subscriptionEndedSchema,
  subscriptionStartedSchema,
} from "./facts.js";
import {
  accountStateChangedSchema,
  customerDeletedSchema,
  customerMergedIntoSchema,
  customerRedactedSchema,
  redactionCancelledSchema,
  redactionRequestedSchema,
} from "./lifecycle.js";
import {
  customerMergeAbandonedSchema,
  customerMergedSchema,
  customerMergeStartedSchema,
} from "./merge.js";
import {
  paymentMethodRemovedSchema,
  paymentMethodReplacedSchema,
  paymentMethodUpdateEmailSentSchema,
} from "./paymentMethods.js";
import { customerCreatedSchema, customerUpdatedSchema } from "./profile.js";
import { customerNotedSchema, customerTaggedSchema, customerUntaggedSchema } from "./tags.js";

/**
 * Every event of a customer stream: `{ type, data }`, discriminated on `type`.
 * @example customerEventSchema.parse({ type: "CustomerTagged", data: { tags: ["VIP"] } })
 */
export const customerEventSchema = z.discriminatedUnion("type", [
  customerCreatedSchema,
  customerUpdatedSchema,
  customerTaggedSchema,
  customerUntaggedSchema,
  customerNotedSchema,
  addressAddedSchema,
  addressUpdatedSchema,
  addressRemovedSchema,
  defaultAddressSetSchema,
  emailMarketingConsentUpdatedSchema,
  smsMarketingConsentUpdatedSchema,
  orderRecordedSchema,
  checkoutAbandonedSchema,
  subscriptionStartedSchema,
  subscriptionEndedSchema,
  paymentMethodStoredSchema,
  giftCardScheduledSchema,
  giftCardDeliveredSchema,
  storeCreditAccountOpenedSchema,
  companyContactLinkedSchema,
  multipassIdentifierSetSchema,
  accountStateChangedSchema,
  customerDeletedSchema,
  redactionRequestedSchema,
  redactionCancelledSchema,
  customerRedactedSchema,
  customerMergedIntoSchema,
  emailSentSchema,
  emailDeliveredSchema,
  emailDeliveryFailedSchema,
  paymentMethodUpdateEmailSentSchema,
  paymentMethodReplacedSchema,
  paymentMethodRemovedSchema,
  customerMergeStartedSchema,
  customerMergedSchema,
  customerMergeAbandonedSchema,
  dataRequestStartedSchema,
  dataRequestCompletedSchema,
]);

export type CustomerEvent = z.infer<typeof customerEventSchema>;
export type CustomerEventType = CustomerEvent["type"];
export type EventOf<T extends CustomerEventType> = Extract<CustomerEvent, { type: T }>;

/** Every event type, in the order they are declared. */
export const customerEventTypes: readonly CustomerEventType[] = customerEventSchema.options.map(
  (option) => option.shape.type.value,
);

/**
 * The schema version stamped into each event's metadata; bump one (with an upcaster) when its
 * data changes shape.
 */
export const customerEventSchemaVersion: Readonly<Record<CustomerEventType, number>> =
  Object.fromEntries(customerEventTypes.map((type) => [type, 1])) as Record<
    CustomerEventType,
    number
  >;

export { type OutgoingEmail, outgoingEmailSchema } from "./emails.js";
export { type GainedEvent, gainedEventSchema } from "./gained.js";
export type { ConsentRecord } from "./profile.js";
