import { ClienteleError } from "../../errors.js";
import type { CommandOf } from "../commands/index.js";
import type { CustomerDecideContext } from "../decideContext.js";
import type { CustomerEvent } from "../events/index.js";
import type { CustomerState, StoredPaymentMethod } from "../state.js";
import { recipientAddress } from "./emails.js";

/** The stored payment method with `paymentMethodId`, or PAYMENT_METHOD_NOT_FOUND. */
export const findPaymentMethod = (
  state: CustomerState,
  paymentMethodId: string,
): StoredPaymentMethod => {
  const method = state.paymentMethods.find((p) => p.paymentMethodId === paymentMethodId);
  if (method) return method;
  throw new ClienteleError(
    "PAYMENT_METHOD_NOT_FOUND",
    `Customer ${state.id} has no payment method ${paymentMethodId}. List the profile's payment methods to find the right id.`,
    { customerId: state.id, paymentMethodId },
  );
};

/** What the customer reads: which card, why, and where to update it. */
const updateEmailBody = (state: CustomerState, method: StoredPaymentMethod, url: string) =>
  [
    `Hello${state.firstName ? ` ${state.firstName}` : ""},`,
    "",
    `Please update the payment method used for your subscription (${method.brand} ending ${method.last4}):`,
    url,
    "",
    "If you did not expect this email, you can ignore it.",
  ].join("\n");

/** Sends the customer the link to update a card, through the email outbox like any email. */
export const decideSendPaymentMethodUpdateEmail = (
  command: CommandOf<"SendPaymentMethodUpdateEmail">,
  state: CustomerState,
  context: CustomerDecideContext,
): CustomerEvent[] => {
  const method = findPaymentMethod(state, command.paymentMethodId);
  if (command.emailId !== undefined && state.emails.some((e) => e.emailId === command.emailId))
    return [];
  return [
    {
      type: "PaymentMethodUpdateEmailSent",
      data: {
        paymentMethodId: method.paymentMethodId,
        emailId: command.emailId ?? context.newId(),
        recipient: "customer",
        to: recipientAddress({ kind: "customer" }, state),
        from: command.from,
        subject: "Update your payment method",
        body: updateEmailBody(state, method, command.updateUrl),
        sentAt: context.now.toISOString(),
        resendOf: null,
      },
    },
  ];
};

export const decideReplacePaymentMethod = (
  command: CommandOf<"ReplacePaymentMethod">,
  state: CustomerState,
): CustomerEvent[] => {
  const method = findPaymentMethod(state, command.paymentMethodId);
  const { replacement } = command;
  const same =
    method.paymentMethodId === replacement.paymentMethodId &&
    method.brand === replacement.brand &&
    method.last4 === replacement.last4 &&
    method.hasSubscriptionCredential === replacement.hasSubscriptionCredential;
  return same
    ? []
    : [
        {
          type: "PaymentMethodReplaced",
          data: { paymentMethodId: method.paymentMethodId, replacement },
        },
      ];
};

export const decideRemovePaymentMethod = (
  command: CommandOf<"RemovePaymentMethod">,
  state: CustomerState,
): CustomerEvent[] => [
  {
    type: "PaymentMethodRemoved",
    data: { paymentMethodId: findPaymentMethod(state, command.paymentMethodId).paymentMethodId },
  },
];
