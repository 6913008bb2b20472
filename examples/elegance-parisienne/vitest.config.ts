import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "examples", include: ["src/**/*.spec.ts"], testTimeout: 30_000 },
});
