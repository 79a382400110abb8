/**
 * An S3-protocol server (s3rver) for running the app on STORAGE_DRIVER=s3 by hand, its bucket with
 * the CORS rule the README asks operators to set for the e2e origin. Prints the variables to export,
 * then runs until stopped. For e2e/direct-upload.spec.ts:
 *   tsx support/serve-s3.ts   # in one shell; then, in another, with the printed variables:
 *   E2E_MAX_FILE_BYTES=20971520 npx playwright test e2e/direct-upload.spec.ts
 */
import { startS3TestServer } from "@docvault/core/testing/s3-server";

const origin = `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`;
const s3 = await startS3TestServer("dv-e2e", { corsOrigins: [origin] });
console.log(
  [
    "STORAGE_DRIVER=s3",
    `S3_BUCKET=${s3.bucket}`,
    `S3_ENDPOINT=${s3.endpoint}`,
    "S3_FORCE_PATH_STYLE=true",
    "S3_REGION=us-east-1",
    `S3_ACCESS_KEY_ID=${s3.accessKeyId}`,
    `S3_SECRET_ACCESS_KEY=${s3.secretAccessKey}`,
  ].join("\n"),
);
const stop = () => void s3.stop().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
