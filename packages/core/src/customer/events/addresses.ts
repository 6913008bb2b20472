import { z } from "zod";
import { customerAddressSchema } from "../address.js";
import { defineEvent } from "./define.js";

export const addressAddedSchema = defineEvent(
  "AddressAdded",
  z.object({ address: customerAddressSchema }),
);

/** Carries the whole address after the change: an address is read and shipped to as one unit. */
export const addressUpdatedSchema = defineEvent(
  "AddressUpdated",
  z.object({ address: customerAddressSchema }),
);

/** If it was the default, the first remaining address becomes the default (see evolve). */
export const addressRemovedSchema = defineEvent(
  "AddressRemoved",
  z.object({ addressId: z.string().min(1) }),
);

export const defaultAddressSetSchema = defineEvent(
  "DefaultAddressSet",
  z.object({ addressId: z.string().min(1) }),
);
