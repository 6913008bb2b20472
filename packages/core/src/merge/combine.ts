import type { CustomerAddress } from "../customer/address.js";
import type { CustomerState } from "../customer/state.js";
import { uniqueTags } from "../customer/tagSet.js";

/** Both notes, the survivor's first, separated by a blank line; one note if they are the same. */
export const combinedNote = (survivor: CustomerState, absorbed: CustomerState): string =>
  [...new Set([survivor.note, absorbed.note].filter((note) => note !== ""))].join("\n\n");

/** One tag set ignoring case, the survivor's spelling first. */
export const combinedTags = (survivor: CustomerState, absorbed: CustomerState): string[] =>
  uniqueTags([...survivor.tags, ...absorbed.tags]);

const contentKey = ({ addressId: _id, ...content }: CustomerAddress): string =>
  JSON.stringify(Object.entries(content).sort(([a], [b]) => a.localeCompare(b)));

/**
 * The survivor's addresses, then the absorbed profile's that are not the same place: an address
 * both profiles hold is kept once. `same` maps each absorbed address id to the survivor's copy.
 */
export const combinedAddresses = (
  survivor: CustomerState,
  absorbed: CustomerState,
): CustomerAddress[] => addressesGained(survivor, absorbed).all;

export const addressesGained = (survivor: CustomerState, absorbed: CustomerState) => {
  const byContent = new Map(survivor.addresses.map((a) => [contentKey(a), a.addressId]));
  const same = new Map<string, string>();
  const added: CustomerAddress[] = [];
  for (const address of absorbed.addresses) {
    const held = byContent.get(contentKey(address));
    if (held !== undefined) {
      same.set(address.addressId, held);
      continue;
    }
    byContent.set(contentKey(address), address.addressId);
    added.push(address);
  }
  return { added, same, all: [...survivor.addresses, ...added] };
};
