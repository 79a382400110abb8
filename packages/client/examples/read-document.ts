/**
 * A script's whole job with @docvault/client: send one file, wait for it to be read, print its fields.
 * Usage: DOCVAULT_URL=https://docs.example.com DOCVAULT_TOKEN=dvt_… npx tsx packages/client/examples/read-document.ts <file>
 * (the README's "API for scripts" shows it; tests/int/api-client.int.test.ts runs it against the app).
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { createDocvaultClient, DocvaultError } from "@docvault/client";

const file = process.argv[2];
if (!file) throw new Error("Name the file to send: read-document.ts <file>");
const docvault = createDocvaultClient({ baseUrl: process.env.DOCVAULT_URL ?? "http://localhost:3000", token: process.env.DOCVAULT_TOKEN ?? "" });

try {
  // Safe to run again: the same bytes answer "known" with the same ids.
  const { jobId, documentId, status } = await docvault.upload(await readFile(file), basename(file));
  console.error(`${status}: document ${documentId}, job ${jobId}`);
  const result = await docvault.waitForResult(jobId); // polls GET /api/v1/jobs/{jobId}, then reads the result
  console.log(
    JSON.stringify({
      documentId,
      type: result.documentType,
      fields: Object.fromEntries(result.fields.map((f) => [f.name, { value: f.value, confidence: f.confidence }])),
    }),
  );
} catch (error) {
  if (!(error instanceof DocvaultError)) throw error;
  console.error(`docvault refused: ${error.code} (${error.status ?? "no HTTP status"}): ${error.message}`);
  process.exitCode = 1;
}
