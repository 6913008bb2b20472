export * from "./actor.js";
export * from "./clock.js";
export * from "./errors.js";
export * from "./eventStore/index.js";
export * from "./handling/index.js";
export * from "./metadata.js";
export * from "./permissions.js";
export * from "./validation.js";
