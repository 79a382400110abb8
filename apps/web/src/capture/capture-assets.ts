/**
 * The capture page's built assets, as scripts/build-capture.mjs lists them in
 * public/capture/assets.json: the island's hashed URL, the chunks it imports at once (preloaded),
 * and the app's stylesheet.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

const ZCaptureAssetsSchema = z.object({
  island: z.string().startsWith("/capture/"),
  preload: z.array(z.string().startsWith("/capture/")),
  stylesheet: z.string().startsWith("/capture/"),
  files: z.array(z.string().startsWith("/capture/")),
});

export type TCaptureAssets = z.infer<typeof ZCaptureAssetsSchema>;

let loaded: Promise<TCaptureAssets> | undefined;

async function load(): Promise<TCaptureAssets> {
  // `next start` and `next dev` run in apps/web, where public/ is.
  const path = join(process.cwd(), "public/capture/assets.json");
  const raw = await readFile(path, "utf8").catch((error: unknown) => {
    throw new Error(`The capture page is not built (${path}: ${String(error)}). Run \`pnpm build\` (or \`pnpm --filter @docvault/web dev\`).`);
  });
  return ZCaptureAssetsSchema.parse(JSON.parse(raw));
}

/** Read once per process; a failed read is tried again on the next request. */
export function captureAssets(): Promise<TCaptureAssets> {
  loaded ??= load().catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}
