import {
  type Customers,
  customerCommandSchema,
  customerStreamName,
  decide,
  initialCustomerState,
  isClienteleError,
  newCustomerId,
  type Principal,
  parseOrThrow,
} from "@clientele/core";
import { createCommandOf, type RowProfile, rowProfile, type ShopifyRow } from "./shopifyRow.js";

/** What became of one row. `code` is the error code that skipped or failed it. */
export interface RowOutcome {
  row: number;
  outcome: "created" | "updated" | "unchanged" | "skipped" | "failed";
  customerId?: string;
  code?: string;
  message?: string;
}

export interface ImportRowDeps {
  customers: Customers;
  principal: Principal;
  overwrite: boolean;
}

const codeOf = (error: unknown) => {
  if (isClienteleError(error)) return { code: error.code, message: error.message };
  throw error;
};

/**
 * Checks every rule a create would (tags, note, address, consent) without writing: a row that
 * fails here fails whole, before any of its commands runs.
 */
const validate = (customerId: string, profile: RowProfile, principal: Principal) => {
  const command = parseOrThrow(customerCommandSchema, createCommandOf(customerId, profile), "row");
  decide(command, initialCustomerState, {
    now: new Date(),
    newId: newCustomerId,
    actor: principal.actor,
  });
  return command;
};

/** The commands that bring an existing profile to the row's values; no-ops change nothing. */
const updateCommands = (customerId: string, profile: RowProfile) => [
  {
    type: "UpdateCustomer",
    customerId,
    firstName: profile.firstName ?? null,
    lastName: profile.lastName ?? null,
    ...(profile.email ? { email: profile.email } : {}),
    ...(profile.phone ? { phone: profile.phone } : {}),
    taxExempt: profile.taxExempt,
  },
  { type: "ReplaceTags", customerId, tags: profile.tags },
  { type: "SetNote", customerId, note: profile.note ?? "" },
  ...(profile.email
    ? [
        {
          type: "UpdateEmailMarketingConsent",
          customerId,
          state: profile.emailConsent ? "SUBSCRIBED" : "NOT_SUBSCRIBED",
          optInLevel: "SINGLE_OPT_IN",
        },
      ]
    : []),
  ...(profile.phone
    ? [
        {
          type: "UpdateSmsMarketingConsent",
          customerId,
          state: profile.smsConsent ? "SUBSCRIBED" : "NOT_SUBSCRIBED",
          optInLevel: "SINGLE_OPT_IN",
        },
      ]
    : []),
];

const sameAddress = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  ["company", "address1", "address2", "city", "provinceCode", "countryCode", "zip", "phone"].every(
    (key) => (a[key] ?? "") === (b[key] ?? ""),
  );

/** Brings profile `ownerId` to the row's values (`--overwrite`). */
const overwrite = async (deps: ImportRowDeps, ownerId: string, profile: RowProfile) => {
  let changed = false;
  for (const command of updateCommands(ownerId, profile)) {
    const result = await deps.customers.execute(command, deps.principal);
    changed ||= result.events.length > 0;
  }
  if (profile.address) {
    const { state } = await deps.customers.load(ownerId, deps.principal);
    const current = state.addresses.find((a) => a.addressId === state.defaultAddressId);
    if (!current || !sameAddress(current, profile.address)) {
      await deps.customers.execute(
        { type: "AddAddress", customerId: ownerId, address: profile.address, setAsDefault: true },
        deps.principal,
      );
      changed = true;
    }
  }
  return changed;
};

/** Who already holds the row's email or phone, other than the row's own profile. */
const ownerOfContact = async (deps: ImportRowDeps, customerId: string, profile: RowProfile) => {
  for (const kind of ["email", "phone"] as const) {
    const value = profile[kind];
    if (!value) continue;
    const owner = await deps.customers.ownerOf(kind, value, deps.principal);
    if (owner !== undefined && owner !== customerId) return { kind, owner };
  }
  return undefined;
};

/**
 * Applies one row: creates its profile under the row's derived id, or (email/phone already held)
 * skips it, or with `--overwrite` updates the holder. A row whose profile exists already (an
 * earlier run) is not created again.
 */
export const importRow = async (
  deps: ImportRowDeps,
  row: number,
  customerId: string,
  record: ShopifyRow,
): Promise<RowOutcome> => {
  try {
    const profile = rowProfile(record);
    const command = validate(customerId, profile, deps.principal);
    const held = await ownerOfContact(deps, customerId, profile);
    if (held && !deps.overwrite) {
      return {
        row,
        outcome: "skipped",
        customerId: held.owner,
        code: held.kind === "email" ? "EMAIL_TAKEN" : "PHONE_TAKEN",
        message: `The ${held.kind} already belongs to customer ${held.owner}; pass --overwrite to update it.`,
      };
    }
    const existing = await deps.customers.store.readStream(customerStreamName(customerId), {
      maxCount: 1,
    });
    const target = held?.owner ?? (existing.length > 0 ? customerId : undefined);
    if (target === undefined) {
      await deps.customers.execute(command, deps.principal);
      return { row, outcome: "created", customerId };
    }
    if (!deps.overwrite) {
      return {
        row,
        outcome: "skipped",
        customerId,
        code: "CUSTOMER_EXISTS",
        message: "This row was imported by an earlier run.",
      };
    }
    const changed = await overwrite(deps, target, profile);
    return { row, outcome: changed ? "updated" : "unchanged", customerId: target };
  } catch (error) {
    return { row, outcome: "failed", customerId, ...codeOf(error) };
  }
};
