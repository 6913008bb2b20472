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
] as const;

export const permissionSchema = z.enum(permissions);
export type Permission = z.infer<typeof permissionSchema>;
