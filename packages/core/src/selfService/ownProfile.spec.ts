import { describe, expect, it } from "vitest";
import { createCustomers } from "../customers/customerService.js";
import { staffPrincipal, systemPrincipal } from "../handling/authorize.js";
import { customerPrincipal } from "./customerPrincipal.js";
import { readOwnProfile } from "./ownProfile.js";

const system = systemPrincipal("own profile spec");

describe("readOwnProfile: the profile as its customer sees it", () => {
  it("shows what the customer gave, never the staff note or tags", async () => {
    const customers = createCustomers();
    await customers.execute(
      {
        type: "CreateCustomer",
        customerId: "cus_p",
        source: "manual",
        firstName: "Pierre",
        email: "p@example.fr",
        tags: ["VIP"],
        note: "Difficult on the phone",
      },
      system,
    );
    const own = await readOwnProfile(customers, customerPrincipal("cus_p"));
    expect(own).toMatchObject({ customerId: "cus_p", firstName: "Pierre", email: "p@example.fr" });
    expect(JSON.stringify(own)).not.toMatch(/Difficult|VIP/);
    expect(Object.keys(own)).not.toContain("note");
    expect(Object.keys(own)).not.toContain("tags");
  });

  it("is the customer's read only; a merged-away customer is told the survivor", async () => {
    const customers = createCustomers();
    for (const [customerId, email] of [
      ["cus_old", "old@example.fr"],
      ["cus_new", "new@example.fr"],
    ])
      await customers.execute(
        { type: "CreateCustomer", customerId, source: "manual", email },
        system,
      );
    await expect(
      readOwnProfile(customers, staffPrincipal("anna", ["customers:view"])),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await customers.merges.merge(
      { type: "MergeCustomers", customerIds: ["cus_old", "cus_new"], keep: { email: "cus_new" } },
      system,
    );
    await expect(readOwnProfile(customers, customerPrincipal("cus_old"))).rejects.toMatchObject({
      code: "FORBIDDEN",
      details: { survivorId: "cus_new" },
    });
  });
});
