export {
  type CommandOf,
  type CustomerCommand,
  type CustomerCommandInput,
  type CustomerCommandType,
  customerCommandSchema,
} from "./command.js";
export type { EmailRecipient } from "./emails.js";
export { e164Pattern } from "./fields.js";
export { commandPermissions } from "./permissions.js";
