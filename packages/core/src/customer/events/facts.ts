import { z } from "zod";
import { lineItemSchema } from "../commands/facts.js";
import { currencySchema, isoDateTimeSchema, moneyAmountSchema } from "../commands/fields.js";
import { defineEvent } from "./define.js";

export const orderRecordedSchema = defineEvent(
  "OrderRecorded",
  z.object({
    orderId: z.string().min(1),
    placedAt: isoDateTimeSchema,
    total: moneyAmountSchema,
    currency: currencySchema,
    lineItems: z.array(lineItemSchema),
  }),
);

export const checkoutAbandonedSchema = defineEvent(
  "CheckoutAbandoned",
  z.object({ checkoutId: z.string().min(1), abandonedAt: isoDateTimeSchema }),
);

export const subscriptionStartedSchema = defineEvent(
  "SubscriptionStarted",
  z.object({ contractId: z.string().min(1) }),
);

export const subscriptionEndedSchema = defineEvent(
  "SubscriptionEnded",
  z.object({ contractId: z.string().min(1) }),
);

export const paymentMethodStoredSchema = defineEvent(
  "PaymentMethodStored",
  z.object({
    paymentMethodId: z.string().min(1),
    brand: z.string(),
    last4: z.string(),
    hasSubscriptionCredential: z.boolean(),
  }),
);

export const giftCardScheduledSchema = defineEvent(
  "GiftCardScheduled",
  z.object({ giftCardId: z.string().min(1) }),
);

export const giftCardDeliveredSchema = defineEvent(
  "GiftCardDelivered",
  z.object({ giftCardId: z.string().min(1) }),
);

export const storeCreditAccountOpenedSchema = defineEvent(
  "StoreCreditAccountOpened",
  z.object({ storeCreditAccountId: z.string().min(1) }),
);

export const companyContactLinkedSchema = defineEvent(
  "CompanyContactLinked",
  z.object({ companyId: z.string().min(1) }),
);

export const multipassIdentifierSetSchema = defineEvent(
  "MultipassIdentifierSet",
  z.object({ multipassIdentifier: z.string().min(1) }),
);
