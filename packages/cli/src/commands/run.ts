import type { Command } from "commander";
import { printError } from "../output.js";
import { defaultRolesFile } from "../roles.js";
import { type GlobalOptions, openSession, type Session } from "../session.js";
import { defaultStore } from "../store.js";

/** The global options as commander parsed them, with env vars and defaults applied. */
export const globalsOf = (command: Command): GlobalOptions => {
  const raw = command.optsWithGlobals<Partial<GlobalOptions>>();
  return {
    store: raw.store ?? process.env.CLIENTELE_STORE ?? defaultStore,
    roles: raw.roles ?? process.env.CLIENTELE_ROLES ?? defaultRolesFile,
    ...((raw.as ?? process.env.CLIENTELE_AS) ? { as: raw.as ?? process.env.CLIENTELE_AS } : {}),
    ...(raw.json ? { json: true } : {}),
    ...(raw.keysDir ? { keysDir: raw.keysDir } : {}),
  };
};

/**
 * Runs a command's work in an open session and closes it whatever happens; a thrown error is
 * printed as `error CODE: message` and sets the exit code.
 */
export const inSession =
  <Args extends unknown[]>(
    work: (session: Session, globals: GlobalOptions, ...args: Args) => Promise<void>,
  ) =>
  async (...args: Args) => {
    const command = args[args.length - 1] as Command;
    const globals = globalsOf(command);
    let session: Session | undefined;
    try {
      session = await openSession(globals);
      await work(session, globals, ...args);
    } catch (error) {
      process.exitCode = printError(error, globals.json);
    } finally {
      await session?.close().catch(() => undefined);
    }
  };

/** An example block for `--help`. */
export const example = (command: Command, ...lines: string[]): Command =>
  command.addHelpText("after", `\nExample:\n${lines.map((line) => `  $ ${line}`).join("\n")}\n`);
