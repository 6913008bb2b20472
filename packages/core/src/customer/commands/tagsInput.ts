import { z } from "zod";

/**
 * Tags arrive as a list or as one comma-separated string (Shopify's admin and CSV both use the
 * string form). Items of a list are split on commas too: a tag cannot hold a comma, since the
 * string form could not represent it. Entries are trimmed and empty ones dropped. Length and
 * count are domain rules (TAG_TOO_LONG, TAG_LIMIT_EXCEEDED), checked by the decider, not here.
 */
export const tagsInputSchema = z.union([z.array(z.string()), z.string()]).transform((input) =>
  (typeof input === "string" ? [input] : input)
    .flatMap((entry) => entry.split(","))
    .map((tag) => tag.trim())
    .filter((tag) => tag.length > 0),
);
