import { z } from "zod";
import {
  addAddressSchema,
  removeAddressSchema,
  setDefaultAddressSchema,
  updateAddressSchema,
} from "./addresses.js";
import { updateEmailMarketingConsentSchema, updateSmsMarketingConsentSchema } from "./consent.js";
import { completeDataRequestSchema, startDataRequestSchema } from "./dataRequests.js";
import {
  recordEmailDeliveredSchema,
  recordEmailDeliveryFailedSchema,
  resendEmailSchema,
  sendEmailSchema,
} from "./emails.js";
import {
  cancelDataErasureSchema,
  redactCustomerSchema,
  requestDataErasureSchema,
} from "./erasure.js";
import {
  deliverGiftCardSchema,
  endSubscriptionSchema,
  linkCompanyContactSchema,
  openStoreCreditAccountSchema,
  recordAbandonedCheckoutSchema,
  recordOrderSchema,
  scheduleGiftCardSchema,
  setMultipassIdentifierSchema,
  startSubscriptionSchema,
  storePaymentMethodSchema,
} from "./facts.js";
import { changeAccountStateSchema, deleteCustomerSchema } from "./lifecycle.js";
import { setNoteSchema } from "./note.js";
import {
  removePaymentMethodSchema,
  replacePaymentMethodSchema,
  sendPaymentMethodUpdateEmailSchema,
} from "./paymentMethods.js";
import { createCustomerSchema, updateCustomerSchema } from "./profile.js";
import { addTagsSchema, removeTagsSchema, replaceTagsSchema } from "./tags.js";

/**
 * Every command a customer profile accepts, discriminated on `type`. Parse untrusted input with
 * `parseOrThrow(customerCommandSchema, input, "command")`: it normalises (emails lower-cased,
 * tag strings split) and names every bad field.
 * @example parseOrThrow(customerCommandSchema, { type: "AddTags", customerId: "cus_1", tags: "vip, wholesale" }, "command")
 */
export const customerCommandSchema = z.discriminatedUnion("type", [
  createCustomerSchema,
  updateCustomerSchema,
  addTagsSchema,
  removeTagsSchema,
  replaceTagsSchema,
  setNoteSchema,
  addAddressSchema,
  updateAddressSchema,
  removeAddressSchema,
  setDefaultAddressSchema,
  updateEmailMarketingConsentSchema,
  updateSmsMarketingConsentSchema,
  recordOrderSchema,
  recordAbandonedCheckoutSchema,
  startSubscriptionSchema,
  endSubscriptionSchema,
  storePaymentMethodSchema,
  scheduleGiftCardSchema,
  deliverGiftCardSchema,
  openStoreCreditAccountSchema,
  linkCompanyContactSchema,
  setMultipassIdentifierSchema,
  changeAccountStateSchema,
  deleteCustomerSchema,
  sendEmailSchema,
  resendEmailSchema,
  recordEmailDeliveredSchema,
  recordEmailDeliveryFailedSchema,
  sendPaymentMethodUpdateEmailSchema,
  replacePaymentMethodSchema,
  removePaymentMethodSchema,
  requestDataErasureSchema,
  cancelDataErasureSchema,
  redactCustomerSchema,
  startDataRequestSchema,
  completeDataRequestSchema,
]);

/** A command after parsing: normalised and safe to decide on. */
export type CustomerCommand = z.output<typeof customerCommandSchema>;
/** A command as a caller may write it (tags as a string, optional defaults left out). */
export type CustomerCommandInput = z.input<typeof customerCommandSchema>;
export type CustomerCommandType = CustomerCommand["type"];
export type CommandOf<T extends CustomerCommandType> = Extract<CustomerCommand, { type: T }>;
