import { z } from "zod";

/*
 * The customer data export, version 1. A documented, self-describing JSON shape a customer (or a
 * merchant's lawyer) can read without Clientele: plain strings and numbers, ISO 8601 dates, and
 * the JSON Schema in `packages/core/schemas/customer-data-export.v1.schema.json` (generated from
 * this file; a test keeps them equal). Additive changes keep version 1; anything else bumps it.
 */

const dateTime = z.string().describe("ISO 8601 date and time, UTC");
const consent = z
  .object({
    state: z
      .string()
      .describe("NOT_SUBSCRIBED, PENDING, SUBSCRIBED, UNSUBSCRIBED, REDACTED or INVALID"),
    optInLevel: z.string().describe("SINGLE_OPT_IN, CONFIRMED_OPT_IN or UNKNOWN"),
    consentUpdatedAt: dateTime.nullable(),
  })
  .strict();

const address = z
  .object({
    addressId: z.string(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    company: z.string().optional(),
    address1: z.string(),
    address2: z.string().optional(),
    city: z.string(),
    provinceCode: z.string().optional(),
    countryCode: z.string().describe("ISO 3166-1 alpha-2"),
    zip: z.string().optional(),
    phone: z.string().optional(),
  })
  .strict();

/**
 * The export, version 1, as a zod schema (the JSON Schema is generated from it).
 * @example customerDataExportSchema.parse(JSON.parse(file))
 */
export const customerDataExportSchema = z
  .object({
    format: z.literal("clientele.customer-data-export"),
    version: z.literal(1),
    about: z.string().describe("What this file is, in plain words"),
    exportedAt: dateTime,
    requestId: z.string().nullable().describe("The data request this export answers, if any"),
    customer: z
      .object({
        id: z.string(),
        status: z.enum(["active", "merged", "redacted", "deleted"]),
        displayName: z.string().nullable(),
        firstName: z.string().nullable(),
        lastName: z.string().nullable(),
        email: z.string().nullable(),
        phone: z.string().nullable().describe("E.164"),
        locale: z.string().nullable(),
        taxExempt: z.boolean(),
        taxExemptions: z.array(z.string()),
        tags: z.array(z.string()),
        addresses: z.array(address),
        defaultAddressId: z.string().nullable(),
        emailMarketingConsent: consent,
        smsMarketingConsent: consent,
        accountState: z.string().describe("DISABLED, INVITED, ENABLED or DECLINED"),
        paymentMethods: z.array(z.object({ brand: z.string(), last4: z.string() }).strict()),
        abandonedCheckouts: z.array(
          z.object({ checkoutId: z.string(), abandonedAt: dateTime }).strict(),
        ),
        mergedProfileIds: z
          .array(z.string())
          .describe("Profiles merged into this one; their history is in the timeline"),
      })
      .strict(),
    orders: z.array(
      z
        .object({
          orderId: z.string(),
          placedAt: dateTime,
          total: z.string().describe("Decimal amount, e.g. 10.99"),
          currency: z.string().describe("ISO 4217"),
          lineItems: z.array(
            z.object({ productId: z.string(), quantity: z.number().int() }).strict(),
          ),
        })
        .strict(),
    ),
    timeline: z.array(
      z
        .object({
          at: dateTime,
          profileId: z.string().describe("The profile whose history holds this line"),
          event: z.string().describe("The recorded event's type"),
          description: z.string().describe("What happened and who did it, in words"),
          actor: z
            .object({
              kind: z.enum(["staff", "system", "customer"]),
              id: z.string().optional(),
              reason: z.string().optional(),
            })
            .strict(),
        })
        .strict(),
    ),
  })
  .strict()
  .describe("A copy of the personal data a store holds about one customer (Clientele export v1)");

/** One customer's data export, version 1. */
export type CustomerDataExport = z.infer<typeof customerDataExportSchema>;

/**
 * The JSON Schema (draft 2020-12) of the export, for readers without Clientele.
 * @example JSON.stringify(customerDataExportJsonSchema(), null, 2)
 */
export const customerDataExportJsonSchema = (): Record<string, unknown> => {
  const { $schema, ...schema } = z.toJSONSchema(customerDataExportSchema);
  return {
    $schema,
    $id: "urn:clientele:customer-data-export:v1",
    title: "Clientele customer data export, version 1",
    ...schema,
  };
};
