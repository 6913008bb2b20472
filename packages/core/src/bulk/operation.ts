import { z } from "zod";
import type { CustomerCommandInput } from "../customer/commands/index.js";
import { commandPermissions } from "../customer/commands/permissions.js";
import { updateCustomerSchema } from "../customer/commands/profile.js";
import { tagsInputSchema } from "../customer/commands/tagsInput.js";
import type { Permission } from "../permissions.js";

/*
 * Email and phone are unique across the store, so setting one value on many profiles could only
 * ever succeed once; and the run's stream would carry the value outside any customer's stream,
 * beyond crypto-shredding's reach. Bulk edits take the other profile fields.
 */
const { firstName, lastName, locale, taxExempt, taxExemptions } = updateCustomerSchema.shape;
const updateFields = z.strictObject({ firstName, lastName, locale, taxExempt, taxExemptions });

/**
 * What a bulk run does to each profile. Each is one ordinary command per profile, so every rule
 * (tag limits, DELETE_BLOCKED, closed profiles...) applies exactly as for a single edit.
 * @example { kind: "addTags", tags: "vip, newsletter" }
 */
export const bulkOperationSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("addTags"), tags: tagsInputSchema }),
  z.strictObject({ kind: z.literal("removeTags"), tags: tagsInputSchema }),
  z.strictObject({
    kind: z.literal("update"),
    fields: updateFields.refine((fields) => Object.keys(fields).length > 0, {
      message: "name at least one field to change",
    }),
  }),
  z.strictObject({ kind: z.literal("delete") }),
]);
/** A parsed bulk operation. */
export type BulkOperation = z.output<typeof bulkOperationSchema>;
/** A bulk operation as a caller writes it. */
export type BulkOperationInput = z.input<typeof bulkOperationSchema>;

/**
 * The single command a bulk operation sends to one profile.
 * @example commandFor({ kind: "delete" }, "cus_1") // { type: "DeleteCustomer", customerId: "cus_1" }
 */
export const commandFor = (operation: BulkOperation, customerId: string): CustomerCommandInput => {
  switch (operation.kind) {
    case "addTags":
      return { type: "AddTags", customerId, tags: operation.tags };
    case "removeTags":
      return { type: "RemoveTags", customerId, tags: operation.tags };
    case "update":
      return { type: "UpdateCustomer", customerId, ...operation.fields };
    case "delete":
      return { type: "DeleteCustomer", customerId };
  }
};

const commandType = {
  addTags: "AddTags",
  removeTags: "RemoveTags",
  update: "UpdateCustomer",
  delete: "DeleteCustomer",
} as const;

/**
 * Bulk variants need the same permission as the single command (customers.md).
 * @example bulkPermission({ kind: "delete" }) // "customers:delete"
 */
export const bulkPermission = (operation: BulkOperation): Permission =>
  commandPermissions[commandType[operation.kind]] as Permission;
