// `pnpm bench`: every benchmark, each printed next to a baseline measured in the same run.
// Benchmarks are not tests: nothing here asserts a timing; targets are printed for the reader.
import { readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const only = process.argv[2];
const suites = (await readdir(here))
  .filter((f) => f.endsWith(".mjs") && f !== "run.mjs" && !f.startsWith("_"))
  .filter((f) => !only || f.startsWith(only))
  .sort();

for (const file of suites) {
  const { run } = await import(new URL(file, import.meta.url).href);
  console.log(`\n## ${file.replace(/\.mjs$/, "")}`);
  const rows = await run();
  for (const row of rows) {
    const value =
      typeof row.value === "number"
        ? row.value.toLocaleString("en-US", { maximumFractionDigits: 3 })
        : row.value;
    const note = row.note ? `   (${row.note})` : "";
    console.log(`${row.name.padEnd(58)} ${String(value).padStart(14)} ${row.unit ?? ""}${note}`);
  }
}
