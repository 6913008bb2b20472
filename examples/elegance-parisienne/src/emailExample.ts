import {
  createCustomers,
  createEmailDispatcher,
  getInMemoryEmailTransport,
  staffPrincipal,
} from "@clientele/core";

const customers = createCustomers();
const anna = staffPrincipal("anna", ["customers:view", "customers:edit", "customers:email"]);
await customers.execute(
  { type: "CreateCustomer", customerId: "cus_leo", source: "manual", email: "leo@example.fr" },
  anna,
);
await customers.execute(
  {
    type: "SendEmail",
    customerId: "cus_leo",
    emailId: "welcome-leo",
    from: "boutique@elegance.example",
    subject: "Bienvenue",
    body: "Merci Léo !",
  },
  anna,
);
await customers.execute(
  {
    type: "ResendEmail",
    customerId: "cus_leo",
    emailId: "welcome-leo",
    recipient: { kind: "staff", email: "anna@elegance.example" },
  },
  anna,
);

const transport = getInMemoryEmailTransport(); // in production: getSmtpEmailTransport from @clientele/smtp
const outbox = createEmailDispatcher({ customers, transport });
const { delivered, failed } = await outbox.dispatchPending();
console.log(delivered, failed); // 2 0
const { state } = await customers.load("cus_leo", anna);
console.log(state.emails.map((email) => `${email.to} ${email.status}`));
// [ 'leo@example.fr delivered', 'anna@elegance.example delivered' ]
