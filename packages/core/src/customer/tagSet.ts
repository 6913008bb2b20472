/**
 * Tags are one set ignoring case (`VIP` and `vip` are one tag) while the first spelling is what
 * the merchant sees. Lower-casing without a locale keeps the key stable across servers.
 */
export const tagKey = (tag: string): string => tag.toLowerCase();

/** `tags` without case-insensitive repeats, first spelling kept. */
export const uniqueTags = (tags: readonly string[]): string[] => {
  const seen = new Set<string>();
  return tags.filter((tag) => {
    const key = tagKey(tag);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

/** Whether `tags` holds `tag`, ignoring case. */
export const hasTag = (tags: readonly string[], tag: string): boolean =>
  tags.some((held) => tagKey(held) === tagKey(tag));

export const withTags = (held: readonly string[], added: readonly string[]): string[] =>
  uniqueTags([...held, ...added]);

export const withoutTags = (held: readonly string[], removed: readonly string[]): string[] => {
  const keys = new Set(removed.map(tagKey));
  return held.filter((tag) => !keys.has(tagKey(tag)));
};
