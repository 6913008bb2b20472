import { isClienteleError } from "@clientele/core";

const replacer = (_key: string, value: unknown) =>
  typeof value === "bigint" ? value.toString() : value instanceof Set ? [...value] : value;

/** Prints `value` as JSON (`--json`) or as the lines `text` gives, on stdout. */
export const emit = (json: boolean | undefined, value: unknown, text: () => string): void => {
  process.stdout.write(json ? `${JSON.stringify(value, replacer, 2)}\n` : `${text()}\n`);
};

/** Progress and timings go to stderr so stdout stays the command's answer (a CSV, JSON). */
export const note = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/**
 * `error CODE: message`, then the details a person needs, on stderr; the exit code says whether
 * it was the input (1) or something unexpected (2).
 */
export const printError = (error: unknown, json: boolean | undefined): number => {
  if (isClienteleError(error)) {
    if (json) process.stderr.write(`${JSON.stringify({ error: error.toJSON() }, replacer)}\n`);
    else {
      process.stderr.write(`error ${error.code}: ${error.message}\n`);
      if (Object.keys(error.details).length > 0)
        process.stderr.write(`  details: ${JSON.stringify(error.details, replacer)}\n`);
    }
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error INTERNAL: ${message}\n`);
  return 2;
};

export { replacer };
