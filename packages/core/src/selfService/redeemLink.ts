import { type Clock, systemClock } from "../clock.js";
import type { CustomerState } from "../customer/state.js";
import { ClienteleError, isClienteleError } from "../errors.js";
import { eventOf } from "../eventOf.js";
import type { EventStore } from "../eventStore/eventStore.js";
import type { Principal } from "../handling/authorize.js";
import type { HandleResult } from "../handling/handleCommand.js";
import { customerPrincipal } from "./customerPrincipal.js";
import type { LinkClaims, LinkTokens } from "./linkTokens.js";

/** One stream per redeemed token: its existence is what makes a token single-use. */
export const linkStreamName = (tokenId: string): string => `clientele-link-${tokenId}`;

/**
 * Uses a verified token up: appends `LinkRedeemed` to the token's own stream, expecting none, so
 * of two concurrent uses exactly one wins and the other is LINK_TOKEN_USED. The token is used
 * before its action runs: a crash between the two leaves a used token and no change (ask for a
 * new link), never one token changing a profile twice.
 */
export const redeemLink = async (
  store: EventStore,
  claims: LinkClaims,
  clock: Clock = systemClock,
): Promise<void> => {
  try {
    await store.appendToStream(
      linkStreamName(claims.tokenId),
      [
        eventOf(
          "LinkRedeemed",
          { customerId: claims.customerId, action: claims.action },
          { actor: { kind: "customer", customerId: claims.customerId }, at: clock.now() },
        ),
      ],
      { expectedRevision: "no_stream" },
    );
  } catch (error) {
    if (!isClienteleError(error, "CONCURRENCY_CONFLICT")) throw error;
    throw new ClienteleError(
      "LINK_TOKEN_USED",
      "This link was already used; each link works once. Ask for a new one.",
      { tokenId: claims.tokenId },
    );
  }
};

/** The narrow port the link flows use. */
export interface LinkPorts {
  store: EventStore;
  execute(input: unknown, principal: Principal): Promise<HandleResult<CustomerState>>;
  links: LinkTokens;
  clock?: Clock;
}

/**
 * The unsubscribe link of a marketing email: no sign-in, effective at once, acting as the
 * customer (the timeline says "by the customer"). A link to a profile merged since then
 * unsubscribes the survivor the profile became, as the sender would expect.
 *
 * @example await unsubscribeWithLink({ store: customers.store, execute: customers.execute, links }, token)
 */
export const unsubscribeWithLink = async (
  { store, execute, links, clock }: LinkPorts,
  token: unknown,
): Promise<HandleResult<CustomerState>> => {
  const claims = links.verify(token, "unsubscribe");
  await redeemLink(store, claims, clock);
  const unsubscribe = (customerId: string) =>
    execute(
      { type: "UpdateEmailMarketingConsent", customerId, state: "UNSUBSCRIBED" },
      customerPrincipal(customerId),
    );
  try {
    return await unsubscribe(claims.customerId);
  } catch (error) {
    const survivorId = isClienteleError(error, "FORBIDDEN") ? error.details.survivorId : undefined;
    if (typeof survivorId !== "string") throw error;
    return unsubscribe(survivorId);
  }
};
