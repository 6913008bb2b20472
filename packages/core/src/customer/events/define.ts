import { z } from "zod";

/** An event schema is its `type` plus its data; metadata travels beside it (metadata.ts). */
export const defineEvent = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({ type: z.literal(type), data });
