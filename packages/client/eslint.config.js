import config, { boundaries } from "@docvault/eslint-config";

export default [...config, boundaries.client];
