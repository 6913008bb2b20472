import type { CustomerCommand, CustomerCommandType } from "../customer/commands/index.js";
import { commandPermissions } from "../customer/commands/permissions.js";
import { ClienteleError } from "../errors.js";
import { authorize, type Principal } from "../handling/authorize.js";

/**
 * A signed-in customer: may act on exactly one profile, its own, and only as self-service.md
 * allows. It holds no staff permission, so every other service (bulk, merges, segments, staff
 * reads) refuses it with FORBIDDEN naming the permission it lacks.
 *
 * @example await customers.execute({ type: "AddAddress", customerId: id, address }, customerPrincipal(id))
 */
export const customerPrincipal = (customerId: string): Principal => ({
  actor: { kind: "customer", customerId },
  permissions: [],
});

/**
 * What a customer may do to its own profile: `"any"` for the whole command, else the fields it
 * may set (names, phone and locale: its email is its sign-in, changed through the account flow).
 * Cancelling an erasure is allowed here; the decider lets only the requester cancel one.
 */
export const selfServiceCommands: Partial<Record<CustomerCommandType, "any" | readonly string[]>> =
  {
    UpdateCustomer: ["firstName", "lastName", "phone", "locale"],
    AddAddress: "any",
    UpdateAddress: "any",
    RemoveAddress: "any",
    SetDefaultAddress: "any",
    UpdateEmailMarketingConsent: "any",
    UpdateSmsMarketingConsent: "any",
    StartDataRequest: "any",
    RequestDataErasure: "any",
    CancelDataErasure: "any",
  };

/** Keys every command may carry whoever sends it. */
const envelope = new Set(["type", "customerId", "expectedRevision", "commandId"]);

const forbidden = (principal: Principal, message: string, details: Record<string, unknown>) =>
  new ClienteleError("FORBIDDEN", message, { ...details, actor: principal.actor });

/**
 * Authorises a customer command before anything is read: staff and the system by permission
 * (`commandPermissions`), a customer by the self-service rules on its own id only.
 *
 * @example authorizeCustomerCommand(customerPrincipal("cus_1"), { type: "SetNote", customerId: "cus_1", note: "" }) // FORBIDDEN
 */
export const authorizeCustomerCommand = (principal: Principal, command: CustomerCommand): void => {
  const { actor } = principal;
  if (actor.kind !== "customer") {
    authorize(principal, commandPermissions[command.type], command.type);
    return;
  }
  if (command.customerId !== actor.customerId)
    throw forbidden(
      principal,
      `Customer ${actor.customerId} may act only on its own profile, not on ${command.customerId}.`,
      { command: command.type, customerId: command.customerId },
    );
  const allowed = selfServiceCommands[command.type];
  if (allowed === undefined)
    throw forbidden(
      principal,
      `Customer ${actor.customerId} may not run ${command.type} on its own profile; staff do that.`,
      { command: command.type },
    );
  if (allowed === "any") return;
  const refused = Object.keys(command).filter(
    (field) => !envelope.has(field) && !allowed.includes(field),
  );
  if (refused.length > 0)
    throw forbidden(
      principal,
      `Customer ${actor.customerId} may not change ${refused.join(", ")} with ${command.type}; it may change ${allowed.join(", ")}.`,
      { command: command.type, fields: refused },
    );
};

/**
 * A principal bound to a profile merged into another no longer acts: FORBIDDEN naming the
 * survivor, for whom a new principal must be issued.
 */
export const mergedAwayPrincipal = (principal: Principal, survivorId: string): ClienteleError =>
  forbidden(
    principal,
    `Customer ${principal.actor.kind === "customer" ? principal.actor.customerId : ""} was merged into ${survivorId}; sign in again as ${survivorId}.`,
    { survivorId },
  );
