import { type Actor, describeActor } from "../actor.js";
import { ClienteleError } from "../errors.js";
import { type Permission, permissions } from "../permissions.js";

/** The permission a command needs; `system` commands record facts and only the system may send them. */
export type RequiredPermission = Permission | "system";

/**
 * Who is acting and what they were granted. A system principal implicitly holds every permission,
 * because facts recorded from elsewhere (orders, checkouts) are not a staff decision.
 */
export interface Principal {
  actor: Actor;
  permissions: readonly Permission[];
}

/**
 * A principal for background work. @example systemPrincipal("orders import")
 */
export const systemPrincipal = (reason: string): Principal => ({
  actor: { kind: "system", reason },
  permissions,
});

/** A staff member with the given permissions. @example staffPrincipal("anna", ["customers:edit"]) */
export const staffPrincipal = (staffId: string, granted: readonly Permission[]): Principal => ({
  actor: { kind: "staff", staffId },
  permissions: granted,
});

/**
 * Throws FORBIDDEN unless `principal` may run `command` needing `required`. Called before any
 * stream is read, so a refused caller learns nothing about the profile.
 *
 * @example authorize(staffPrincipal("anna", []), "customers:edit", "AddTags") // throws FORBIDDEN
 */
export const authorize = (
  principal: Principal,
  required: RequiredPermission,
  command: string,
): void => {
  const who = describeActor(principal.actor);
  if (required === "system") {
    if (principal.actor.kind === "system") return;
    throw new ClienteleError(
      "FORBIDDEN",
      `${command} records a fact from another system and can only be sent by the system; ${who} may not send it.`,
      { permission: "system", command, actor: principal.actor },
    );
  }
  if (principal.actor.kind === "system" || principal.permissions.includes(required)) return;
  throw new ClienteleError(
    "FORBIDDEN",
    `${who} may not run ${command}: grant the "${required}" permission to allow it.`,
    { permission: required, command, actor: principal.actor },
  );
};
