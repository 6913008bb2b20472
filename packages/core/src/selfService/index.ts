export {
  authorizeCustomerCommand,
  customerPrincipal,
  selfServiceCommands,
} from "./customerPrincipal.js";
export {
  createLinkTokens,
  type LinkAction,
  type LinkClaims,
  type LinkTokens,
  type LinkTokensOptions,
  linkActions,
} from "./linkTokens.js";
export { type OwnProfile, type ProfileLoader, readOwnProfile } from "./ownProfile.js";
export { type LinkPorts, linkStreamName, redeemLink, unsubscribeWithLink } from "./redeemLink.js";
