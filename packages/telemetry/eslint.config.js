export { default } from "@docvault/eslint-config";
