import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { customerEventSchema } from "./events/index.js";
import { customerSubjectOf, personalFields } from "./personalFields.js";

/** Text fields that identify no one: ids, codes, amounts, dates, tags, the shop's own address. */
const notPersonal = new Set([
  "customerId",
  "locale",
  "taxExemptions[]",
  "tags[]",
  "addressId",
  "provinceCode",
  "countryCode",
  "defaultAddressId",
  "consentUpdatedAt",
  "orderId",
  "placedAt",
  "total",
  "currency",
  "productId",
  "checkoutId",
  "abandonedAt",
  "contractId",
  "paymentMethodId",
  "giftCardId",
  "storeCreditAccountId",
  "companyId",
  "survivorId",
  "absorbedId",
  "mergeId",
  "requestId",
  "requestedAt",
  "dueAt",
  "emailId",
  "from",
  "sentAt",
  "resendOf",
]);

// zod 4 keeps each schema's definition under `_zod.def`; walking it lists every text leaf.
type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
};
const textLeaves = (schema: z.ZodType, path = ""): string[] => {
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  switch (def.type) {
    case "object":
      return Object.entries(def.shape ?? {}).flatMap(([key, child]) =>
        textLeaves(child, path ? `${path}.${key}` : key),
      );
    case "array":
      return textLeaves(def.element as z.ZodType, `${path}[]`);
    case "optional":
    case "nullable":
    case "default":
      return textLeaves(def.innerType as z.ZodType, path);
    case "pipe":
      return textLeaves(def.in as z.ZodType, path);
    case "string":
      return [path];
    default:
      return [];
  }
};

describe("personalFields", () => {
  it("classifies every text field of every customer event: listed as personal, or known not to be", () => {
    const unclassified = customerEventSchema.options.flatMap((option) => {
      const type = option.shape.type.value;
      const listed = new Set((personalFields[type] ?? []).filter((p) => typeof p === "string"));
      return textLeaves(option.shape.data)
        .filter((leaf) => !listed.has(leaf) && !notPersonal.has(leaf.split(".").at(-1) as string))
        .map((leaf) => `${type}.${leaf}`);
    });
    expect(unclassified).toEqual([]);
  });

  it("lists only paths that exist, so a renamed field cannot silently stop being encrypted", () => {
    const missing = customerEventSchema.options.flatMap((option) => {
      const type = option.shape.type.value;
      const leaves = new Set(textLeaves(option.shape.data));
      return (personalFields[type] ?? [])
        .filter((path): path is string => typeof path === "string" && !leaves.has(path))
        .map((path) => `${type}.${path}`);
    });
    expect(missing).toEqual([]);
  });

  it("reads the subject from a customer stream and its snapshot side stream only", () => {
    expect(customerSubjectOf("clientele-customer-cus_1")).toBe("cus_1");
    expect(customerSubjectOf("clientele-customer-cus_1-snapshot")).toBe("cus_1");
    expect(customerSubjectOf("clientele-reservation-email-abc")).toBeUndefined();
  });
});
