import { z } from "zod";

export const permissions = [
  "customers:view",
  "customers:edit",
  "customers:delete",
  "customers:merge",
  "customers:export",
  "customers:erase",
  "customers:request_data",
  "customers:email",
  "customers:payment_methods",
  /**
   * Create, rename, change and delete saved segments. Not in customers.md: a saved segment changes
   * what every subscriber of its notifications acts on, which is more than viewing customers.
   */
  "segments:manage",
] as const;

export const permissionSchema = z.enum(permissions);
export type Permission = z.infer<typeof permissionSchema>;
