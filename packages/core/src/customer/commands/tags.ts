import { z } from "zod";
import { commandBase } from "./fields.js";
import { tagsInputSchema } from "./tagsInput.js";

export const addTagsSchema = z.strictObject({
  type: z.literal("AddTags"),
  ...commandBase,
  tags: tagsInputSchema,
});

export const removeTagsSchema = z.strictObject({
  type: z.literal("RemoveTags"),
  ...commandBase,
  tags: tagsInputSchema,
});

/** Sets the whole tag list; an empty list clears every tag. */
export const replaceTagsSchema = z.strictObject({
  type: z.literal("ReplaceTags"),
  ...commandBase,
  tags: tagsInputSchema,
});
