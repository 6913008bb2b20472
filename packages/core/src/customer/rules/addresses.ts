import { ClienteleError } from "../../errors.js";
import type { AddressInput, CustomerAddress } from "../address.js";
import type { CommandOf } from "../commands/index.js";
import type { CustomerEvent } from "../events/index.js";
import type { CustomerState } from "../state.js";
import { militaryAddressViolations } from "./militaryAddress.js";

/** Shopify keeps at most 250 addresses per customer. */
export const maxAddresses = 250;

/** Throws ADDRESS_INVALID listing every broken rule; `rule` and `field` name the first. */
export const assertAddressValid = (address: AddressInput): void => {
  const violations = militaryAddressViolations(address);
  const [first] = violations;
  if (first) {
    throw new ClienteleError(
      "ADDRESS_INVALID",
      `Invalid US military address: ${violations.map((v) => v.message).join("; ")}.`,
      { rule: first.rule, field: first.field, violations },
    );
  }
};

export const assertAddressCount = (resulting: number): void => {
  if (resulting > maxAddresses) {
    throw new ClienteleError(
      "ADDRESS_LIMIT_EXCEEDED",
      `A customer can have at most ${maxAddresses} addresses; remove one before adding another.`,
      { limit: maxAddresses, resulting },
    );
  }
};

const findAddress = (state: CustomerState, addressId: string): CustomerAddress => {
  const found = state.addresses.find((a) => a.addressId === addressId);
  if (!found) {
    throw new ClienteleError(
      "ADDRESS_NOT_FOUND",
      `Customer ${state.id} has no address ${addressId}; reload the profile to see its addresses.`,
      { customerId: state.id, addressId },
    );
  }
  return found;
};

const fieldsOf = ({ addressId: _, ...fields }: CustomerAddress): AddressInput => fields;

/** Field-for-field equality; an absent field and one set to undefined are the same. */
const comparable = (address: AddressInput): string =>
  JSON.stringify(
    Object.entries(address)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => a.localeCompare(b)),
  );

const sameAddress = (a: AddressInput, b: AddressInput): boolean => comparable(a) === comparable(b);

/**
 * Adding an address the profile already holds, field for field, records nothing (Shopify refuses
 * duplicates; a retried request must not make two). The first address becomes the default.
 */
export const decideAddAddress = (
  command: CommandOf<"AddAddress">,
  state: CustomerState,
  newId: () => string,
): CustomerEvent[] => {
  assertAddressValid(command.address);
  const existing = state.addresses.find((a) => sameAddress(fieldsOf(a), command.address));
  if (existing) {
    return command.setAsDefault && state.defaultAddressId !== existing.addressId
      ? [{ type: "DefaultAddressSet", data: { addressId: existing.addressId } }]
      : [];
  }
  assertAddressCount(state.addresses.length + 1);
  const address = { ...command.address, addressId: newId() };
  const events: CustomerEvent[] = [{ type: "AddressAdded", data: { address } }];
  if (command.setAsDefault && state.addresses.length > 0) {
    events.push({ type: "DefaultAddressSet", data: { addressId: address.addressId } });
  }
  return events;
};

export const decideUpdateAddress = (
  command: CommandOf<"UpdateAddress">,
  state: CustomerState,
): CustomerEvent[] => {
  const current = findAddress(state, command.addressId);
  const changes = Object.fromEntries(
    Object.entries(command.address).filter(([, value]) => value !== undefined),
  );
  const updated: CustomerAddress = { ...current, ...changes };
  assertAddressValid(updated);
  return sameAddress(fieldsOf(updated), fieldsOf(current))
    ? []
    : [{ type: "AddressUpdated", data: { address: updated } }];
};

export const decideRemoveAddress = (
  command: CommandOf<"RemoveAddress">,
  state: CustomerState,
): CustomerEvent[] => {
  findAddress(state, command.addressId);
  return [{ type: "AddressRemoved", data: { addressId: command.addressId } }];
};

export const decideSetDefaultAddress = (
  command: CommandOf<"SetDefaultAddress">,
  state: CustomerState,
): CustomerEvent[] => {
  findAddress(state, command.addressId);
  return state.defaultAddressId === command.addressId
    ? []
    : [{ type: "DefaultAddressSet", data: { addressId: command.addressId } }];
};
