import { ClienteleError } from "../../errors.js";
import type { CommandOf } from "../commands/index.js";
import type { CustomerEvent } from "../events/index.js";
import type { CustomerState } from "../state.js";
import { hasTag, tagKey, uniqueTags } from "../tagSet.js";

/** Shopify's limits: at most 250 tags per customer, each at most 255 characters. */
export const maxTags = 250;
export const maxTagLength = 255;

/** Throws TAG_TOO_LONG naming every tag over the limit, so they can all be fixed at once. */
export const assertTagLengths = (tags: readonly string[]): void => {
  const tooLong = tags.filter((tag) => tag.length > maxTagLength);
  if (tooLong.length > 0) {
    throw new ClienteleError(
      "TAG_TOO_LONG",
      `Tags can be at most ${maxTagLength} characters; shorten ${tooLong.length} tag(s).`,
      { tags: tooLong, maxLength: maxTagLength },
    );
  }
};

/** Throws TAG_LIMIT_EXCEEDED when a profile would end up with more than 250 tags. */
export const assertTagCount = (resulting: number, current: number): void => {
  if (resulting > maxTags) {
    throw new ClienteleError(
      "TAG_LIMIT_EXCEEDED",
      `A customer can have at most ${maxTags} tags; this would make ${resulting}. Remove ${resulting - maxTags} first.`,
      { limit: maxTags, current, resulting },
    );
  }
};

/** Adding a tag the profile already holds (in any case) is a no-op, not an error. */
export const decideAddTags = (
  command: CommandOf<"AddTags">,
  state: CustomerState,
): CustomerEvent[] => {
  const added = uniqueTags(command.tags).filter((tag) => !hasTag(state.tags, tag));
  if (added.length === 0) return [];
  assertTagLengths(added);
  assertTagCount(state.tags.length + added.length, state.tags.length);
  return [{ type: "CustomerTagged", data: { tags: added } }];
};

export const decideRemoveTags = (
  command: CommandOf<"RemoveTags">,
  state: CustomerState,
): CustomerEvent[] => {
  const removed = state.tags.filter((held) => hasTag(command.tags, held));
  return removed.length === 0 ? [] : [{ type: "CustomerUntagged", data: { tags: removed } }];
};

/**
 * Replacing keeps tags that stay (ignoring case, so `vip` replacing `VIP` changes nothing) and
 * emits the removals before the additions, so the limit is never crossed mid-way.
 */
export const decideReplaceTags = (
  command: CommandOf<"ReplaceTags">,
  state: CustomerState,
): CustomerEvent[] => {
  const wanted = uniqueTags(command.tags);
  assertTagLengths(wanted);
  assertTagCount(wanted.length, state.tags.length);
  const wantedKeys = new Set(wanted.map(tagKey));
  const removed = state.tags.filter((held) => !wantedKeys.has(tagKey(held)));
  const added = wanted.filter((tag) => !hasTag(state.tags, tag));
  const events: CustomerEvent[] = [];
  if (removed.length > 0) events.push({ type: "CustomerUntagged", data: { tags: removed } });
  if (added.length > 0) events.push({ type: "CustomerTagged", data: { tags: added } });
  return events;
};
