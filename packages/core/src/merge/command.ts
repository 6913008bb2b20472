import { z } from "zod";

const customerIdSchema = z.string().trim().min(1).max(64);

/**
 * Which profile's value the merged profile keeps; each names one of the two merged ids.
 * @example mergeKeepSchema.parse({ email: "cus_a", defaultAddress: "cus_b" })
 */
export const mergeKeepSchema = z.strictObject({
  firstName: customerIdSchema.optional(),
  lastName: customerIdSchema.optional(),
  email: customerIdSchema.optional(),
  phone: customerIdSchema.optional(),
  defaultAddress: customerIdSchema.optional(),
});
/** A parsed `keep`: per field, the id of the profile whose value staff chose. */
export type MergeKeep = z.output<typeof mergeKeepSchema>;

/**
 * Merge two profiles into one (customers.md, "Merge"). `customerIds` is ordered: with nothing else
 * to go on, the second one survives. `keep` names, per field, the profile whose value staff chose.
 * @example
 * { type: "MergeCustomers", customerIds: ["cus_a", "cus_b"], keep: { email: "cus_a" } }
 */
export const mergeCustomersSchema = z
  .strictObject({
    type: z.literal("MergeCustomers"),
    customerIds: z.tuple([customerIdSchema, customerIdSchema]),
    keep: mergeKeepSchema.default({}),
    /** Chosen by the caller to make a retried request recognisable; minted when absent. */
    mergeId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, "expected letters, digits, _ or -")
      .optional(),
  })
  .superRefine((command, issues) => {
    for (const [field, id] of Object.entries(command.keep)) {
      if (id !== undefined && !command.customerIds.includes(id)) {
        issues.addIssue({
          code: "custom",
          path: ["keep", field],
          message: `expected one of the merged ids (${command.customerIds.join(", ")})`,
        });
      }
    }
  });
/** A parsed merge command. */
export type MergeCustomers = z.output<typeof mergeCustomersSchema>;
/** A merge command as a caller may write it (`keep` optional). */
export type MergeCustomersInput = z.input<typeof mergeCustomersSchema>;

/**
 * The permission a merge, its preview and its resumption need (customers.md).
 * @example staffPrincipal("anna", [mergePermission, "customers:view"])
 */
export const mergePermission = "customers:merge" as const;
