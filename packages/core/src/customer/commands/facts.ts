import { z } from "zod";
import {
  commandBase,
  currencySchema,
  emailSchema,
  isoDateTimeSchema,
  moneyAmountSchema,
  nameSchema,
  phoneSchema,
} from "./fields.js";

/*
 * Facts recorded from elsewhere (the order system, billing, gift cards, B2B). Only the system
 * actor sends them; the rules for delete and merge depend on them.
 */

export const externalId = z.string().trim().min(1).max(64);

/** Contact details an order or checkout carries, so it can give birth to a profile. */
const contactFields = {
  email: emailSchema.optional(),
  phone: phoneSchema.optional(),
  firstName: nameSchema.optional(),
  lastName: nameSchema.optional(),
};

export const lineItemSchema = z.strictObject({
  productId: z.string().regex(/^\d{1,20}$/, "expected a numeric product id"),
  quantity: z.number().int().positive().max(100_000),
});

export const recordOrderSchema = z.strictObject({
  type: z.literal("RecordOrder"),
  ...commandBase,
  orderId: externalId,
  placedAt: isoDateTimeSchema,
  total: moneyAmountSchema,
  currency: currencySchema,
  lineItems: z.array(lineItemSchema).max(1000),
  ...contactFields,
});

export const recordAbandonedCheckoutSchema = z.strictObject({
  type: z.literal("RecordAbandonedCheckout"),
  ...commandBase,
  checkoutId: externalId,
  abandonedAt: isoDateTimeSchema,
  ...contactFields,
});

export const startSubscriptionSchema = z.strictObject({
  type: z.literal("StartSubscription"),
  ...commandBase,
  contractId: externalId,
});

export const endSubscriptionSchema = z.strictObject({
  type: z.literal("EndSubscription"),
  ...commandBase,
  contractId: externalId,
});

/** A stored card as the payment system describes it. */
export const paymentMethodFields = {
  paymentMethodId: externalId,
  brand: z.string().trim().min(1).max(40),
  last4: z.string().regex(/^\d{4}$/, "expected the last four digits"),
  /** A credential set used to charge subscriptions; it blocks merging. */
  hasSubscriptionCredential: z.boolean(),
};

export const storePaymentMethodSchema = z.strictObject({
  type: z.literal("StorePaymentMethod"),
  ...commandBase,
  ...paymentMethodFields,
});

export const scheduleGiftCardSchema = z.strictObject({
  type: z.literal("ScheduleGiftCard"),
  ...commandBase,
  giftCardId: externalId,
});

export const deliverGiftCardSchema = z.strictObject({
  type: z.literal("DeliverGiftCard"),
  ...commandBase,
  giftCardId: externalId,
});

export const openStoreCreditAccountSchema = z.strictObject({
  type: z.literal("OpenStoreCreditAccount"),
  ...commandBase,
  storeCreditAccountId: externalId,
});

export const linkCompanyContactSchema = z.strictObject({
  type: z.literal("LinkCompanyContact"),
  ...commandBase,
  companyId: externalId,
});

export const setMultipassIdentifierSchema = z.strictObject({
  type: z.literal("SetMultipassIdentifier"),
  ...commandBase,
  multipassIdentifier: z.string().trim().min(1).max(255),
});
