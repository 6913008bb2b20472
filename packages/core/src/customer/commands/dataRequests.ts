import { z } from "zod";
import { commandBase } from "./fields.js";

/** `requestId` is the caller's (e.g. the `customers/data_request` webhook id); minted when absent. */
export const startDataRequestSchema = z.strictObject({
  type: z.literal("StartDataRequest"),
  ...commandBase,
  requestId: z.string().trim().min(1).max(64).optional(),
});

export const completeDataRequestSchema = z.strictObject({
  type: z.literal("CompleteDataRequest"),
  ...commandBase,
  requestId: z.string().trim().min(1).max(64),
});
