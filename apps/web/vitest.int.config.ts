import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { vitestConfig } from "@docvault/vitest-config";

// tus-js-client has a build for browsers (Blobs, fetch through our stack) and one for Node (Buffers
// and streams); the page and the service worker get the browser's from their bundlers, and the
// tests that send the PWA's uploads in this process must run that same build.
const tusBrowser = join(dirname(createRequire(import.meta.url).resolve("tus-js-client/package.json")), "lib.esm/browser/index.js");

export default vitestConfig({
  name: "web",
  kind: "int",
  alias: { "~": fileURLToPath(new URL("./src", import.meta.url)), "tus-js-client": tusBrowser },
});
