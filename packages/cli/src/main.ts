#!/usr/bin/env node
import { clienteleProgram } from "./program.js";

// Library warnings (e.g. process.emitWarning) are for programmers; the CLI configures privacy itself.
process.removeAllListeners("warning");
await clienteleProgram().parseAsync(process.argv);
