import type { Permission } from "../../permissions.js";
import type { CustomerCommandType } from "./command.js";

/**
 * The permission each command needs (customers.md). `system` means only a system actor may send
 * it: facts recorded from elsewhere must not be forgeable by staff.
 * @example commandPermissions.AddTags // "customers:edit"
 */
export const commandPermissions: Record<CustomerCommandType, Permission | "system"> = {
  CreateCustomer: "customers:edit",
  UpdateCustomer: "customers:edit",
  AddTags: "customers:edit",
  RemoveTags: "customers:edit",
  ReplaceTags: "customers:edit",
  SetNote: "customers:edit",
  AddAddress: "customers:edit",
  UpdateAddress: "customers:edit",
  RemoveAddress: "customers:edit",
  SetDefaultAddress: "customers:edit",
  UpdateEmailMarketingConsent: "customers:edit",
  UpdateSmsMarketingConsent: "customers:edit",
  // Staff disable, invite or re-enable an account as an edit of the profile; the customer's own
  // acceptance of an invite arrives through the system actor, which passes every check.
  ChangeAccountState: "customers:edit",
  DeleteCustomer: "customers:delete",
  // The system actor passes every check, so a `customers/redact` webhook may request one too.
  RequestDataErasure: "customers:erase",
  CancelDataErasure: "customers:erase",
  // Only the erasure processor redacts, and only once a request is due.
  RedactCustomer: "system",
  StartDataRequest: "customers:request_data",
  CompleteDataRequest: "customers:request_data",
  RecordOrder: "system",
  RecordAbandonedCheckout: "system",
  StartSubscription: "system",
  EndSubscription: "system",
  StorePaymentMethod: "system",
  ScheduleGiftCard: "system",
  DeliverGiftCard: "system",
  OpenStoreCreditAccount: "system",
  LinkCompanyContact: "system",
  SetMultipassIdentifier: "system",
  SendEmail: "customers:email",
  ResendEmail: "customers:email",
  // Outcomes come from the outbox dispatcher, never from a person.
  RecordEmailDelivered: "system",
  RecordEmailDeliveryFailed: "system",
  SendPaymentMethodUpdateEmail: "customers:payment_methods",
  ReplacePaymentMethod: "customers:payment_methods",
  RemovePaymentMethod: "customers:payment_methods",
};
