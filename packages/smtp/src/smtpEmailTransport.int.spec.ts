import type { AddressInfo } from "node:net";
import { createCustomers, createEmailDispatcher, staffPrincipal } from "@clientele/core";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSmtpEmailTransport } from "./smtpEmailTransport.js";

/**
 * A real SMTP server on a free loopback port (smtp-server, by nodemailer's authors): the full
 * protocol over a socket, so the adapter is tested against what a mail server says, not a mock.
 * Recipients at refused.example get a permanent 550, at busy.example a temporary 451.
 */
const startSmtpServer = async () => {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      const domain = address.address.split("@")[1];
      if (domain === "refused.example") {
        return callback(
          Object.assign(new Error("5.1.1 mailbox unavailable"), { responseCode: 550 }),
        );
      }
      if (domain === "busy.example") {
        return callback(Object.assign(new Error("4.3.2 try again later"), { responseCode: 451 }));
      }
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp.stop();
});

const transportFor = (port: number) =>
  getSmtpEmailTransport({ smtp: { host: "127.0.0.1", port, secure: false, ignoreTLS: true } });

const message = {
  idempotencyKey: "01JD3Z8Q6W4V5N2K7X9R0T1Y2B",
  from: "shop@elegance.example",
  subject: "Votre commande est partie",
  body: "Bonjour Pierre,\nvotre colis 42 est en route.",
};

describe("SMTP email transport", () => {
  it("delivers over SMTP with the email id as Message-ID", async () => {
    const transport = transportFor(smtp.port);
    const outcome = await transport.send({ ...message, to: "pierre@example.fr" });
    transport.close();
    expect(outcome).toEqual({
      status: "accepted",
      messageId: "<01JD3Z8Q6W4V5N2K7X9R0T1Y2B@elegance.example>",
    });
    const mail = smtp.received.find(
      (m) => m.messageId === "<01JD3Z8Q6W4V5N2K7X9R0T1Y2B@elegance.example>",
    );
    expect(mail?.subject).toBe(message.subject);
    expect(mail?.text?.trim()).toBe(message.body);
    expect(mail?.headers.get("x-clientele-email-id")).toBe(message.idempotencyKey);
    expect(mail?.from?.text).toBe("shop@elegance.example");
  });

  it("reports a permanent refusal (5xx) as rejected, with the server's words", async () => {
    const transport = transportFor(smtp.port);
    const outcome = await transport.send({ ...message, to: "ghost@refused.example" });
    transport.close();
    expect(outcome.status).toBe("rejected");
    expect(outcome.status === "rejected" && outcome.reason).toMatch(/550.*mailbox unavailable/);
  });

  it("throws on a temporary refusal (4xx) and on an unreachable server, so the outbox retries", async () => {
    const transport = transportFor(smtp.port);
    await expect(transport.send({ ...message, to: "someone@busy.example" })).rejects.toMatchObject({
      responseCode: 451,
    });
    transport.close();
    const closed = await startSmtpServer();
    await closed.stop();
    const nowhere = transportFor(closed.port);
    await expect(nowhere.send({ ...message, to: "pierre@example.fr" })).rejects.toThrow();
    nowhere.close();
  });

  it("carries the outbox end to end: delivered and refused sends land on the profile", async () => {
    const customers = createCustomers();
    const anna = staffPrincipal("anna", ["customers:view", "customers:edit", "customers:email"]);
    for (const [customerId, email] of [
      ["cus_ok", "ok@example.fr"],
      ["cus_ko", "ko@refused.example"],
    ] as const) {
      await customers.execute(
        { type: "CreateCustomer", customerId, source: "manual", email },
        anna,
      );
      await customers.execute(
        {
          type: "SendEmail",
          customerId,
          emailId: `mail-${customerId}`,
          from: "shop@elegance.example",
          subject: "Bienvenue",
          body: "Merci !",
        },
        anna,
      );
    }
    const transport = transportFor(smtp.port);
    const report = await createEmailDispatcher({ customers, transport }).dispatchPending();
    transport.close();
    expect(report).toMatchObject({ delivered: 1, failed: 1 });
    expect(smtp.received.some((m) => m.messageId === "<mail-cus_ok@elegance.example>")).toBe(true);
    expect((await customers.load("cus_ok", anna)).state.emails[0]?.status).toBe("delivered");
    expect((await customers.load("cus_ko", anna)).state.emails[0]).toMatchObject({
      status: "failed",
      failureReason: expect.stringMatching(/550/),
    });
  });
});
