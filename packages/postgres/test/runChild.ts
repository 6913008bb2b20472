import { spawn } from "node:child_process";

/**
 * Runs `node script ...args` to its end, killed or not. Once `killWhen` holds for what the child
 * has printed so far, it is SIGKILLed after `killDelayMs()` (random, so the kill lands at varying
 * points of the work in flight). Resolves with the signal that ended it and everything it printed.
 */
export const runChild = (
  script: string,
  args: readonly string[],
  killWhen?: (output: string) => boolean,
  killDelayMs: () => number = () => Math.random() * 30,
) =>
  new Promise<{ signal: NodeJS.Signals | null; output: string }>((resolve) => {
    const proc = spawn(process.execPath, [script, ...args], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    proc.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (killWhen?.(output)) setTimeout(() => proc.kill("SIGKILL"), killDelayMs());
    });
    proc.once("exit", (_code, signal) => resolve({ signal, output }));
  });
