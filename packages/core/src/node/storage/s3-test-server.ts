import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type TS3TestServer = {
  endpoint: string;
  bucket: string;
  /** Where s3rver keeps the objects (`<directory>/<bucket>/<key>._S3rver_object`), for tests that look. */
  directory: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
};

/**
 * Integration tests only: starts s3rver (an S3-protocol server in Node, a devDependency) as its own
 * process on 127.0.0.1 and a free port, with one bucket, data in a fresh temporary folder. It
 * speaks multipart uploads and presigned (SigV4 query) URLs, but not AbortMultipartUpload or
 * ListParts (405), and CompleteMultipartUpload does not compare the parts' ETags. `corsOrigins`:
 * the bucket gets the CORS rule a browser's direct upload needs (bucketCorsRule).
 */
export async function startS3TestServer(bucket = "docvault-test", opts: { corsOrigins?: string[] } = {}): Promise<TS3TestServer> {
  const dir = await mkdtemp(join(tmpdir(), "dv-s3rver-"));
  const configDir = await mkdtemp(join(tmpdir(), "dv-s3rver-config-"));
  const configs: string[] = [];
  if (opts.corsOrigins?.length) {
    const cors = join(configDir, "cors.xml");
    await writeFile(cors, bucketCorsRule(opts.corsOrigins));
    configs.push(cors);
  }
  const bin = createRequire(import.meta.url).resolve("s3rver/bin/s3rver.js");
  const child = spawn(
    process.execPath,
    [bin, "--directory", dir, "--address", "127.0.0.1", "--port", "0", "--silent", "--no-vhost-buckets", "--configure-bucket", bucket, ...configs],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`s3rver did not start in 20 s: ${out}`)), 20_000);
    const onData = (data: Buffer) => {
      out += data.toString();
      const match = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited with ${code}: ${out}`));
    });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    directory: dir,
    // s3rver's built-in account.
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    stop: async () => {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
      await rm(configDir, { recursive: true, force: true });
    },
  };
}

/**
 * The bucket CORS rule browsers need to PUT parts to presigned URLs from the app's origins and read
 * each answer's ETag (S3's PutBucketCors XML; the README gives operators the same rule).
 */
export function bucketCorsRule(origins: string[]): string {
  const allowed = origins.map((origin) => `<AllowedOrigin>${origin}</AllowedOrigin>`).join("");
  return `<CORSConfiguration><CORSRule>${allowed}<AllowedMethod>PUT</AllowedMethod><AllowedHeader>Content-Type</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3600</MaxAgeSeconds></CORSRule></CORSConfiguration>`;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  await exited;
}
