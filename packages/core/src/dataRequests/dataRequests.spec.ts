import { readFile } from "node:fs/promises";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { fixedClock } from "../clock.js";
import { newCustomerId } from "../customer/index.js";
import { createCustomers } from "../customers/customerService.js";
import { staffPrincipal, systemPrincipal } from "../handling/authorize.js";
import { permissions } from "../permissions.js";
import { customerDataExportJsonSchema } from "./exportSchema.js";

const schemaFile = new URL("../../schemas/customer-data-export.v1.schema.json", import.meta.url);
const anna = staffPrincipal("anna", [...permissions]);

const setup = async () => {
  const customers = createCustomers({ clock: fixedClock("2026-03-01T10:00:00.000Z") });
  const id = newCustomerId();
  await customers.execute(
    {
      type: "CreateCustomer",
      customerId: id,
      source: "manual",
      firstName: "Pierre",
      email: "pierre@example.fr",
      note: "Staff only: difficult",
      tags: "VIP",
    },
    anna,
  );
  await customers.execute(
    {
      type: "RecordOrder",
      customerId: id,
      orderId: "1001",
      placedAt: "2026-02-01T12:00:00.000Z",
      total: "129.90",
      currency: "EUR",
      lineItems: [{ productId: "42", quantity: 2 }],
    },
    systemPrincipal("orders"),
  );
  return { customers, id };
};

describe("customer data requests", () => {
  it("completing a request yields a JSON export that plain JSON.parse reads and the shipped JSON Schema accepts", async () => {
    const { customers, id } = await setup();
    const requestId = await customers.dataRequests.start(id, anna, "gdpr-77");
    expect(requestId).toBe("gdpr-77");
    const exported = await customers.dataRequests.complete(id, requestId, anna);
    const text = JSON.stringify(exported);

    const parsed = JSON.parse(text);
    const schema = JSON.parse(await readFile(schemaFile, "utf8"));
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    expect(validate.errors ?? validate(parsed)).toBe(true);

    expect(parsed).toMatchObject({
      format: "clientele.customer-data-export",
      version: 1,
      requestId: "gdpr-77",
      exportedAt: "2026-03-01T10:00:00.000Z",
      customer: { id, firstName: "Pierre", email: "pierre@example.fr", tags: ["VIP"] },
      orders: [
        {
          orderId: "1001",
          total: "129.90",
          currency: "EUR",
          lineItems: [{ productId: "42", quantity: 2 }],
        },
      ],
    });
    expect(parsed.timeline.map((line: { description: string }) => line.description)).toEqual([
      "Profile created (source: manual) by staff anna",
      "Order 1001 placed (129.90 EUR) by system (orders)",
      "Customer data request gdpr-77 started by staff anna",
    ]);
    expect(parsed.timeline[0]).toMatchObject({
      profileId: id,
      actor: { kind: "staff", id: "anna" },
    });
    // The staff note is internal: it never reaches a view meant for the customer.
    expect(text).not.toContain("difficult");
    expect((await customers.load(id, anna)).state.dataRequest).toBeNull();
  });

  it("the shipped JSON Schema file is the one generated from the code", async () => {
    expect(JSON.parse(await readFile(schemaFile, "utf8"))).toEqual(customerDataExportJsonSchema());
  });

  it("the schema rejects a file that is not a version 1 export", async () => {
    const schema = JSON.parse(await readFile(schemaFile, "utf8"));
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate({ format: "clientele.customer-data-export", version: 2 })).toBe(false);
  });

  it("needs customers:request_data; completing an unknown request fails with DATA_REQUEST_NOT_FOUND", async () => {
    const { customers, id } = await setup();
    const viewer = staffPrincipal("vic", ["customers:view"]);
    await expect(customers.dataRequests.start(id, viewer)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(customers.dataRequests.export(id, viewer)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(customers.dataRequests.complete(id, "nope", anna)).rejects.toMatchObject({
      code: "DATA_REQUEST_NOT_FOUND",
    });
  });

  it("the export of a survivor holds the absorbed profile's history and orders", async () => {
    const { customers, id } = await setup();
    const other = newCustomerId();
    await customers.execute(
      { type: "CreateCustomer", customerId: other, source: "manual", firstName: "P." },
      anna,
    );
    await customers.merges.merge({ type: "MergeCustomers", customerIds: [other, id] }, anna);
    const exported = await customers.dataRequests.export(id, anna);
    expect(exported.customer.mergedProfileIds).toEqual([other]);
    expect(new Set(exported.timeline.map((line) => line.profileId))).toEqual(new Set([id, other]));
  });
});
