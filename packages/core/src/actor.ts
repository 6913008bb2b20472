import { z } from "zod";

/** Who caused an event: a staff member, the system (with the reason), or the customer. */
export const actorSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("staff"), staffId: z.string().min(1) }),
  z.object({ kind: z.literal("system"), reason: z.string().min(1) }),
  z.object({ kind: z.literal("customer"), customerId: z.string().min(1) }),
]);
export type Actor = z.infer<typeof actorSchema>;

/** `staff anna`, `system (orders import)`, `customer cus_...`: how an actor reads in a sentence. */
export const describeActor = (actor: Actor): string => {
  switch (actor.kind) {
    case "staff":
      return `staff ${actor.staffId}`;
    case "system":
      return `system (${actor.reason})`;
    case "customer":
      return `customer ${actor.customerId}`;
  }
};
