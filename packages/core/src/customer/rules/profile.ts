import { ClienteleError } from "../../errors.js";
import type { CommandOf } from "../commands/index.js";
import type { CustomerEvent, EventOf } from "../events/index.js";
import type { CustomerState } from "../state.js";
import { notSubscribed } from "../state.js";
import { uniqueTags } from "../tagSet.js";
import type { CustomerSource } from "../vocabulary.js";
import { assertAddressCount, assertAddressValid } from "./addresses.js";
import { assertCanHoldEmailConsent, assertCanHoldSmsConsent } from "./consent.js";
import { assertNoteLength } from "./notes.js";
import { assertTagCount, assertTagLengths } from "./tags.js";

type CreatedData = EventOf<"CustomerCreated">["data"];

interface Identity {
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
}

/** Shopify refuses a profile with no name, email or phone: nobody could find it again. */
const assertHasIdentity = (identity: Identity, fields: string[]): void => {
  if (!identity.firstName && !identity.lastName && !identity.email && !identity.phone) {
    throw new ClienteleError(
      "VALIDATION_FAILED",
      "A customer needs at least a first name, last name, email or phone; keep or give one.",
      { fields, issues: fields.map((path) => ({ path, message: "would leave no identity" })) },
    );
  }
};

/** A blank name is no name: store null so "has a name" has one meaning. */
const orNull = (value: string | null | undefined): string | null => value || null;

/** A new profile's data with every default filled in, so CustomerCreated alone rebuilds it. */
export const newProfile = (
  customerId: string,
  source: CustomerSource,
  identity: Identity,
): CreatedData => {
  assertHasIdentity(identity, ["email"]);
  return {
    customerId,
    source,
    firstName: orNull(identity.firstName),
    lastName: orNull(identity.lastName),
    email: orNull(identity.email),
    phone: orNull(identity.phone),
    locale: null,
    taxExempt: false,
    taxExemptions: [],
    tags: [],
    note: "",
    addresses: [],
    defaultAddressId: null,
    accountState: "DISABLED",
    emailMarketingConsent: notSubscribed,
    smsMarketingConsent: notSubscribed,
  };
};

/** A created profile obeys every rule an edit would have to: tags, note, addresses, consent. */
export const decideCreateCustomer = (
  command: CommandOf<"CreateCustomer">,
  now: Date,
  newId: () => string,
): CustomerEvent[] => {
  const base = newProfile(command.customerId, command.source, command);
  const tags = uniqueTags(command.tags ?? []);
  assertTagLengths(tags);
  assertTagCount(tags.length, 0);
  const note = command.note ?? "";
  assertNoteLength(note);
  const inputs = command.addresses ?? [];
  assertAddressCount(inputs.length);
  for (const input of inputs) assertAddressValid(input);
  const addresses = inputs.map((input) => ({ ...input, addressId: newId() }));
  const consentAt = now.toISOString();
  if (command.emailMarketingConsent) assertCanHoldEmailConsent(base.email);
  if (command.smsMarketingConsent) assertCanHoldSmsConsent(base.phone);
  const data: CreatedData = {
    ...base,
    locale: command.locale ?? null,
    taxExempt: command.taxExempt ?? false,
    taxExemptions: command.taxExemptions ?? [],
    tags,
    note,
    addresses,
    defaultAddressId: addresses[0]?.addressId ?? null,
    accountState: command.accountState ?? "DISABLED",
    emailMarketingConsent: command.emailMarketingConsent
      ? { ...command.emailMarketingConsent, consentUpdatedAt: consentAt }
      : base.emailMarketingConsent,
    smsMarketingConsent: command.smsMarketingConsent
      ? { ...command.smsMarketingConsent, consentUpdatedAt: consentAt }
      : base.smsMarketingConsent,
  };
  return [{ type: "CustomerCreated", data }];
};

const nullableFields = ["firstName", "lastName", "email", "phone", "locale"] as const;

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((item, i) => item === b[i]);

/**
 * Records only the fields whose value changes; the same values again record nothing. Clearing
 * fields may not leave the profile without a name, email or phone.
 */
export const decideUpdateCustomer = (
  command: CommandOf<"UpdateCustomer">,
  state: CustomerState,
): CustomerEvent[] => {
  const changes: EventOf<"CustomerUpdated">["data"] = {};
  for (const field of nullableFields) {
    const wanted = command[field];
    if (wanted !== undefined && orNull(wanted) !== state[field]) changes[field] = orNull(wanted);
  }
  if (command.taxExempt !== undefined && command.taxExempt !== state.taxExempt) {
    changes.taxExempt = command.taxExempt;
  }
  if (command.taxExemptions && !sameList(command.taxExemptions, state.taxExemptions)) {
    changes.taxExemptions = command.taxExemptions;
  }
  if (Object.keys(changes).length === 0) return [];
  const cleared = nullableFields.filter((field) => field !== "locale" && changes[field] === null);
  if (cleared.length > 0) assertHasIdentity({ ...state, ...changes }, cleared);
  return [{ type: "CustomerUpdated", data: changes }];
};
