import { readFile } from "node:fs/promises";
import {
  ClienteleError,
  type Permission,
  type Principal,
  permissionSchema,
  staffPrincipal,
} from "@clientele/core";
import { z } from "zod";

/**
 * The roles file: named roles granting permissions, and staff members holding roles.
 * @example { "roles": { "support": ["customers:view", "customers:edit"] }, "staff": { "anna": ["support"] } }
 */
export const rolesFileSchema = z.strictObject({
  roles: z.record(z.string().min(1).max(64), z.array(permissionSchema)),
  staff: z.record(z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/), z.array(z.string().min(1).max(64))),
});
export type RolesFile = z.infer<typeof rolesFileSchema>;

/** Default location of the roles file, next to the default store. */
export const defaultRolesFile = "./clientele-roles.json";

const invalid = (path: string, message: string, details: Record<string, unknown> = {}) =>
  new ClienteleError("VALIDATION_FAILED", `Roles file ${path}: ${message}`, {
    fields: ["roles"],
    ...details,
  });

/** Reads and checks the roles file; every role a staff member names must exist. */
export const loadRoles = async (path: string): Promise<RolesFile> => {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw invalid(
      path,
      'cannot be read. Create it (see docs/cli.md), e.g. {"roles":{"admin":["customers:view"]},"staff":{"anna":["admin"]}}, or pass --roles.',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalid(path, `is not JSON (${(error as Error).message}).`);
  }
  const parsed = rolesFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(path, `${issue?.path.join(".")}: ${issue?.message}`, {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  for (const [staffId, roles] of Object.entries(parsed.data.staff)) {
    const unknown = roles.find((role) => !(role in parsed.data.roles));
    if (unknown)
      throw invalid(path, `staff member ${staffId} holds the unknown role "${unknown}".`);
  }
  return parsed.data;
};

/** The staff member `--as` names, with the union of their roles' permissions. */
export const principalFor = (roles: RolesFile, staffId: string | undefined): Principal => {
  if (!staffId) {
    throw new ClienteleError(
      "FORBIDDEN",
      "Say who you are: pass --as <staff id> (or set CLIENTELE_AS); your permissions come from the roles file.",
      { fields: ["as"] },
    );
  }
  const held = roles.staff[staffId];
  if (!held) {
    throw new ClienteleError(
      "FORBIDDEN",
      `${staffId} is not in the roles file; add them under "staff" with their roles.`,
      { staffId },
    );
  }
  const granted = new Set<Permission>(held.flatMap((role) => roles.roles[role] ?? []));
  return staffPrincipal(staffId, [...granted]);
};
