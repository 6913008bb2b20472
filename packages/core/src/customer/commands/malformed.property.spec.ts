import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isClienteleError } from "../../errors.js";
import { parseOrThrow } from "../../validation.js";
import { commandInput } from "../spec/arbitraries.js";
import { e164Pattern } from "./fields.js";
import { customerCommandSchema } from "./index.js";

/** The schema of one command type, to ask which of its fields are required. */
const schemaOf = (type: string) => {
  const schema = customerCommandSchema.options.find((o) => o.shape.type.value === type);
  if (!schema) throw new Error(`no schema for ${type}`);
  return schema;
};

const isRequired = (type: string, field: string): boolean => {
  const shape = schemaOf(type).shape as Record<
    string,
    { safeParse(v: unknown): { success: boolean } }
  >;
  return shape[field]?.safeParse(undefined).success === false;
};

/** Parsing must fail with VALIDATION_FAILED and name `field` (or a path beneath it). */
const expectRejected = (input: unknown, field: string): void => {
  let caught: unknown;
  try {
    parseOrThrow(customerCommandSchema, input, "command");
  } catch (error) {
    caught = error;
  }
  expect(isClienteleError(caught, "VALIDATION_FAILED")).toBe(true);
  if (!isClienteleError(caught)) return;
  const fields = caught.details.fields as string[];
  expect(fields.some((path) => path === field || path.startsWith(`${field}.`))).toBe(true);
};

const withField = (command: object, field: string, value: unknown) => ({
  ...command,
  [field]: value,
});

const fieldOf = (command: object) =>
  fc.constantFrom(...Object.keys(command).filter((f) => f !== "type"));

describe("malformed commands are refused naming the field", () => {
  it("a field of the wrong type", () => {
    fc.assert(
      fc.property(
        commandInput.chain((command) =>
          fc.tuple(
            fc.constant(command),
            fieldOf(command),
            fc.constantFrom<unknown>(12345, { nested: 1 }, [[1]]),
          ),
        ),
        ([command, field, wrong]) => expectRejected(withField(command, field, wrong), field),
      ),
      { numRuns: 300 },
    );
  });

  it("a required field left out", () => {
    fc.assert(
      fc.property(
        commandInput.chain((command) => fc.tuple(fc.constant(command), fieldOf(command))),
        ([command, field]) => {
          fc.pre(isRequired(command.type, field));
          const { [field]: _, ...rest } = command as Record<string, unknown>;
          expectRejected(rest, field);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a malformed email", () => {
    const notEmail = fc.string({ maxLength: 30 }).filter((s) => !s.includes("@"));
    fc.assert(
      fc.property(
        fc.constantFrom(
          "CreateCustomer",
          "UpdateCustomer",
          "RecordOrder",
          "RecordAbandonedCheckout",
        ),
        notEmail,
        (type, email) => {
          const base = { type, customerId: "cus_1" } as Record<string, unknown>;
          const command =
            type === "CreateCustomer"
              ? { ...base, source: "manual", email }
              : type === "RecordOrder"
                ? {
                    ...base,
                    orderId: "1",
                    placedAt: "2026-01-01T00:00:00Z",
                    total: "1",
                    currency: "USD",
                    lineItems: [],
                    email,
                  }
                : type === "RecordAbandonedCheckout"
                  ? { ...base, checkoutId: "1", abandonedAt: "2026-01-01T00:00:00Z", email }
                  : { ...base, email };
          expectRejected(command, "email");
        },
      ),
      { numRuns: 100 },
    );
  });

  it("a phone that is not E.164", () => {
    const notPhone = fc
      .oneof(fc.string({ maxLength: 20 }), fc.stringMatching(/^\+?0?\d{0,20}$/))
      .filter((s) => !e164Pattern.test(s.trim()));
    fc.assert(
      fc.property(notPhone, (phone) => {
        expectRejected({ type: "UpdateCustomer", customerId: "cus_1", phone }, "phone");
        expectRejected(
          { type: "CreateCustomer", customerId: "cus_1", source: "manual", phone },
          "phone",
        );
      }),
      { numRuns: 100 },
    );
  });

  it("a string longer than its schema allows", () => {
    const capped: [object, string, number][] = [
      [{ type: "DeleteCustomer" }, "customerId", 64],
      [{ type: "UpdateCustomer", customerId: "cus_1" }, "firstName", 255],
      [{ type: "UpdateCustomer", customerId: "cus_1" }, "lastName", 255],
      [{ type: "SetMultipassIdentifier", customerId: "cus_1" }, "multipassIdentifier", 255],
      [{ type: "LinkCompanyContact", customerId: "cus_1" }, "companyId", 64],
      [
        {
          type: "StorePaymentMethod",
          customerId: "cus_1",
          paymentMethodId: "pm",
          last4: "4242",
          hasSubscriptionCredential: false,
        },
        "brand",
        40,
      ],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...capped),
        fc.integer({ min: 1, max: 2000 }),
        ([command, field, cap], extra) => {
          expectRejected(withField(command, field, "x".repeat(cap + extra)), field);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("an address line longer than 255 characters names the nested path", () => {
    fc.assert(
      fc.property(fc.integer({ min: 256, max: 1000 }), (length) => {
        expectRejected(
          {
            type: "AddAddress",
            customerId: "cus_1",
            address: { address1: "x".repeat(length), city: "Paris", countryCode: "FR" },
          },
          "address.address1",
        );
      }),
      { numRuns: 30 },
    );
  });
});
