import { describe, expect, it } from "vitest";
import { permissions } from "../permissions.js";
import { authorize, staffPrincipal, systemPrincipal } from "./authorize.js";

describe("authorize", () => {
  it.each(permissions)(
    "refuses %s to staff without it and names the permission to grant",
    (permission) => {
      const others = permissions.filter((p) => p !== permission);
      expect(() => authorize(staffPrincipal("anna", others), permission, "Cmd")).toThrow(
        expect.objectContaining({
          code: "FORBIDDEN",
          details: expect.objectContaining({ permission, command: "Cmd" }),
        }),
      );
      expect(() =>
        authorize(staffPrincipal("anna", [permission]), permission, "Cmd"),
      ).not.toThrow();
    },
  );

  it("lets the system do everything and nobody else send system commands", () => {
    for (const permission of permissions) authorize(systemPrincipal("job"), permission, "Cmd");
    authorize(systemPrincipal("job"), "system", "RecordOrder");
    expect(() =>
      authorize(
        { actor: { kind: "customer", customerId: "c" }, permissions: [...permissions] },
        "system",
        "RecordOrder",
      ),
    ).toThrow(/can only be sent by the system/);
  });
});
