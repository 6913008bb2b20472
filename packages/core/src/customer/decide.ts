import type { CustomerCommand } from "./commands/index.js";
import type { CustomerDecideContext } from "./decideContext.js";
import type { CustomerEvent } from "./events/index.js";
import {
  decideAddAddress,
  decideRemoveAddress,
  decideSetDefaultAddress,
  decideUpdateAddress,
} from "./rules/addresses.js";
import { assertProfileAccepts } from "./rules/closed.js";
import { decideEmailConsent, decideSmsConsent } from "./rules/consent.js";
import { decideCompleteDataRequest, decideStartDataRequest } from "./rules/dataRequests.js";
import { decideDeleteCustomer } from "./rules/deletion.js";
import { decideRecordEmailOutcome, decideResendEmail, decideSendEmail } from "./rules/emails.js";
import {
  decideCancelDataErasure,
  decideRedactCustomer,
  decideRequestDataErasure,
} from "./rules/erasure.js";
import {
  decideDeliverGiftCard,
  decideEndSubscription,
  decideLinkCompanyContact,
  decideOpenStoreCreditAccount,
  decideRecordAbandonedCheckout,
  decideRecordOrder,
  decideScheduleGiftCard,
  decideSetMultipassIdentifier,
  decideStartSubscription,
  decideStorePaymentMethod,
} from "./rules/facts.js";
import { decideSetNote } from "./rules/notes.js";
import {
  decideRemovePaymentMethod,
  decideReplacePaymentMethod,
  decideSendPaymentMethodUpdateEmail,
} from "./rules/paymentMethods.js";
import { decideCreateCustomer, decideUpdateCustomer } from "./rules/profile.js";
import { decideAddTags, decideRemoveTags, decideReplaceTags } from "./rules/tags.js";
import type { CustomerState } from "./state.js";

export type { CustomerDecideContext } from "./decideContext.js";

/**
 * Turns a parsed command and the profile's current state into the events that record it, or
 * throws a ClienteleError with the rule it broke. Pure: same inputs, same events. A command that
 * would change nothing returns no events. Each rule lives in `rules/`, named after what it guards.
 * @example
 * decide({ type: "AddTags", customerId: "cus_1", tags: ["VIP"] }, state, { now: new Date(), newId, actor })
 * // [{ type: "CustomerTagged", data: { tags: ["VIP"] } }]
 */
export const decide = (
  command: CustomerCommand,
  state: CustomerState,
  context: CustomerDecideContext,
): CustomerEvent[] => {
  assertProfileAccepts(command, state);
  switch (command.type) {
    case "CreateCustomer":
      return decideCreateCustomer(command, context.now, context.newId);
    case "UpdateCustomer":
      return decideUpdateCustomer(command, state);
    case "AddTags":
      return decideAddTags(command, state);
    case "RemoveTags":
      return decideRemoveTags(command, state);
    case "ReplaceTags":
      return decideReplaceTags(command, state);
    case "SetNote":
      return decideSetNote(command, state);
    case "AddAddress":
      return decideAddAddress(command, state, context.newId);
    case "UpdateAddress":
      return decideUpdateAddress(command, state);
    case "RemoveAddress":
      return decideRemoveAddress(command, state);
    case "SetDefaultAddress":
      return decideSetDefaultAddress(command, state);
    case "UpdateEmailMarketingConsent":
      return decideEmailConsent(command, state, context.now);
    case "UpdateSmsMarketingConsent":
      return decideSmsConsent(command, state, context.now);
    case "RecordOrder":
      return decideRecordOrder(command, state);
    case "RecordAbandonedCheckout":
      return decideRecordAbandonedCheckout(command, state);
    case "StartSubscription":
      return decideStartSubscription(command, state);
    case "EndSubscription":
      return decideEndSubscription(command, state);
    case "StorePaymentMethod":
      return decideStorePaymentMethod(command, state);
    case "ScheduleGiftCard":
      return decideScheduleGiftCard(command, state);
    case "DeliverGiftCard":
      return decideDeliverGiftCard(command, state);
    case "OpenStoreCreditAccount":
      return decideOpenStoreCreditAccount(command, state);
    case "LinkCompanyContact":
      return decideLinkCompanyContact(command, state);
    case "SetMultipassIdentifier":
      return decideSetMultipassIdentifier(command, state);
    case "ChangeAccountState":
      return state.accountState === command.accountState
        ? []
        : [{ type: "AccountStateChanged", data: { accountState: command.accountState } }];
    case "DeleteCustomer":
      return decideDeleteCustomer(state);
    case "SendEmail":
      return decideSendEmail(command, state, context);
    case "ResendEmail":
      return decideResendEmail(command, state, context);
    case "RecordEmailDelivered":
    case "RecordEmailDeliveryFailed":
      return decideRecordEmailOutcome(command, state);
    case "SendPaymentMethodUpdateEmail":
      return decideSendPaymentMethodUpdateEmail(command, state, context);
    case "ReplacePaymentMethod":
      return decideReplacePaymentMethod(command, state);
    case "RemovePaymentMethod":
      return decideRemovePaymentMethod(command, state);
    case "RequestDataErasure":
      return decideRequestDataErasure(state, context);
    case "CancelDataErasure":
      return decideCancelDataErasure(state, context.actor);
    case "RedactCustomer":
      return decideRedactCustomer(state, context.now);
    case "StartDataRequest":
      return decideStartDataRequest(command, state, context);
    case "CompleteDataRequest":
      return decideCompleteDataRequest(command, state);
  }
};
