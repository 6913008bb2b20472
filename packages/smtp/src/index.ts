export {
  getSmtpEmailTransport,
  type SmtpEmailTransport,
  type SmtpEmailTransportOptions,
} from "./smtpEmailTransport.js";
