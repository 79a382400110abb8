import { join } from "node:path";
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
// A second app whose files are in S3 (s3rver), for the direct uploads from the page.
const s3Port = port + 1;
const reportDir = process.env.REPORT_DIR;

// Debian's Chromium, never a downloaded browser (see ../shared/STACK.md). The networking flags
// stop Chromium from calling home on a closed network.
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export default defineConfig({
  testDir: "e2e",
  timeout: 120_000,
  expect: { timeout: 60_000 },
  workers: 1,
  reporter: reportDir ? [["list"], ["json", { outputFile: join(reportDir, "playwright.json") }]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
  },
  projects: [
    { name: "app", testIgnore: /direct-upload\.spec\.ts/ },
    { name: "s3", testMatch: /direct-upload\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${s3Port}` } },
  ],
  webServer: [
    {
      command: "tsx support/serve-app.ts",
      url: `http://127.0.0.1:${port}/`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    },
    {
      command: "tsx support/serve-app.ts",
      url: `http://127.0.0.1:${s3Port}/`,
      env: { E2E_PORT: String(s3Port), E2E_STORAGE: "s3", E2E_MAX_FILE_BYTES: String(20 * 1024 * 1024) },
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    },
  ],
});
