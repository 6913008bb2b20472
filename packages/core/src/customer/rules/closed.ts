import { ClienteleError } from "../../errors.js";
import type { CustomerCommand, CustomerCommandType } from "../commands/index.js";
import { commandPermissions } from "../commands/permissions.js";
import type { CustomerState } from "../state.js";

/** Facts that may arrive before any profile exists: an order or checkout gives birth to one. */
const bornFrom: ReadonlySet<CustomerCommandType> = new Set<CustomerCommandType>([
  "CreateCustomer",
  "RecordOrder",
  "RecordAbandonedCheckout",
]);

/**
 * Facts recorded from elsewhere still land while a merge runs: an order must never be lost, and
 * the merge re-checks its blockers at the point of no return. Everything else waits.
 */
const acceptedDuringMerge = (type: CustomerCommandType): boolean =>
  commandPermissions[type] === "system" && type !== "RedactCustomer";

/**
 * Throws unless `command` may run on a profile in `state`'s lifecycle stage. A merged, redacted
 * or deleted profile accepts no command (customers.md, "Closed profiles"): the caller is told
 * where to go instead (the survivor) or that the data is gone.
 */
export const assertProfileAccepts = (command: CustomerCommand, state: CustomerState): void => {
  const customerId = command.customerId;
  switch (state.status) {
    case "merged":
      throw new ClienteleError(
        "CUSTOMER_MERGED",
        `Customer ${customerId} was merged into ${state.mergedInto}; send the command to that profile.`,
        { customerId, survivorId: state.mergedInto },
      );
    case "redacted":
      // Redaction erased the personal data; deleting the record that is left is still allowed.
      if (command.type === "DeleteCustomer") return;
      throw new ClienteleError(
        "CUSTOMER_REDACTED",
        `Customer ${customerId} was redacted; its personal data is gone and it accepts no changes.`,
        { customerId },
      );
    case "deleted":
      throw new ClienteleError(
        "CUSTOMER_DELETED",
        `Customer ${customerId} was deleted and accepts no changes.`,
        { customerId },
      );
    case "none":
      if (!bornFrom.has(command.type)) {
        throw new ClienteleError(
          "CUSTOMER_NOT_FOUND",
          `Customer ${customerId} does not exist; create it first.`,
          { customerId },
        );
      }
      return;
    case "active":
      if (command.type === "CreateCustomer") {
        throw new ClienteleError(
          "CUSTOMER_EXISTS",
          `Customer ${customerId} already exists; update it instead.`,
          { customerId },
        );
      }
      if (state.mergeInProgress && !acceptedDuringMerge(command.type)) {
        const { mergeId, survivorId, absorbedId } = state.mergeInProgress;
        throw new ClienteleError(
          "MERGE_IN_PROGRESS",
          `Customer ${customerId} is being merged (merge ${mergeId}: ${absorbedId} into ${survivorId}); try again once it finishes, or run resumeMerges() if it was interrupted.`,
          { customerId, mergeId, survivorId, absorbedId },
        );
      }
      return;
  }
};
