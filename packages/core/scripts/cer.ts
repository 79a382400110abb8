// The measure lives beside the engines so that their tests and this evaluation share one definition.
export { characterErrorRate } from "../src/node/engines/character-error-rate";
