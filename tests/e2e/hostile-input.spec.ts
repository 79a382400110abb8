/**
 * The hostile-input catalogue, sent to the production build (web + worker on the real PostgreSQL
 * and Redis). Each request, and the answer expected:
 *
 * | request                                                        | expected answer                                              |
 * |----------------------------------------------------------------|--------------------------------------------------------------|
 * | upload that sends 10 bytes of a declared 100 KB, then stalls   | 408 with a sentence, the server closes the connection        |
 * | request with a 64 KB header                                    | 431, and the server answers the next request                 |
 * | malformed multipart body posted as a document                  | 415 "not a supported type", nothing stored                   |
 * | PNG whose header claims 200,000 x 200,000 pixels (a bomb)      | 413/422 naming the pixel limit, nothing stored               |
 * | PDF with OpenAction JavaScript and an embedded file            | read or failed with a reason; its script never runs (no call |
 * |                                                                | reaches the loopback server it targets)                      |
 * | JPEG with an HTML/script payload appended (polyglot)           | stored as image/jpeg; served with nosniff and a sandbox CSP  |
 * | SQL and script in the filename                                 | kept as text: listed back exactly, tables intact, no dialog  |
 * | odd Unicode filenames (RTL override, emoji, combining, NUL)    | accepted; control characters dropped, the rest kept          |
 * | a 10,000-page PDF                                              | accepted, then failed with "pages" in the reason; the worker |
 * |                                                                | reads the next document                                      |
 *
 * The engines' fuzzed files (19,822 inputs, packages/core/testing/fuzz) run in the unit tests.
 */
import { createServer } from "node:http";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { PDFDocument, PDFName, PDFString } from "pdf-lib";
import { makeTextPdf, renderTextImage } from "@docvault/core/testing";
import { signUp } from "../support/sign-up";

const port = Number(process.env.E2E_PORT ?? 3100);

/**
 * A personal API token for a freshly signed-up user, made through the account procedures. Each
 * group of cases uses a user of its own, so the per-user upload limit (10 a minute) is not what
 * answers them.
 */
async function freshToken(browser: Browser): Promise<string> {
  const context = await browser.newContext();
  try {
    return await apiToken(await context.newPage());
  } finally {
    await context.close();
  }
}

async function apiToken(page: Page): Promise<string> {
  await signUp(page);
  const cookies = await page.context().cookies();
  const csrf = cookies.find((c) => c.name.endsWith("docvault-csrf"))?.value ?? "";
  const response = await page.request.post("/api/trpc/account.tokens.create", {
    headers: { "content-type": "application/json", "x-csrf-token": csrf },
    data: { json: { name: "hostile", scopes: ["documents:read", "documents:write"] } },
  });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { result: { data: { json: { token: string } } } };
  return body.result.data.json.token;
}

async function upload(request: APIRequestContext, token: string, body: Buffer, filename: string, type: string) {
  const response = await request.post("/api/upload", {
    headers: { authorization: `Bearer ${token}`, "content-type": type, "x-filename": encodeURIComponent(filename) },
    data: body,
  });
  return { status: response.status(), json: (await response.json()) as { documentId?: string; jobId?: string; error?: { message: string } } };
}

async function jobOf(request: APIRequestContext, token: string, jobId: string) {
  const input = encodeURIComponent(JSON.stringify({ json: { jobId } }));
  const response = await request.get(`/api/trpc/jobs.get?input=${input}`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { result?: { data: { json: { status: string; lastError: string | null } } } };
  return body.result?.data.json;
}

async function finished(request: APIRequestContext, token: string, jobId: string) {
  let job = await jobOf(request, token, jobId);
  await expect
    .poll(
      async () => {
        job = await jobOf(request, token, jobId);
        return job?.status;
      },
      { timeout: 90_000 },
    )
    .toMatch(/completed|failed/);
  return job;
}

/** A raw HTTP exchange on a socket: what the server answers, and whether it closed the connection. */
function raw(lines: string, body: Buffer | null, waitMs: number): Promise<{ head: string; closed: boolean; reset: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    let closed = false;
    let reset = false;
    socket.on("data", (d) => (received += d.toString("latin1")));
    socket.on("close", () => {
      closed = true;
      resolve({ head: received, closed, reset });
    });
    // The server may reset a connection it refuses while the client is still writing.
    socket.on("error", () => (reset = true));
    socket.write(lines);
    if (body) socket.write(body);
    setTimeout(() => {
      resolve({ head: received, closed, reset });
      socket.destroy();
    }, waitMs);
  });
}

test.describe.configure({ mode: "serial" });

test("hostile input gets clear answers and the service keeps working", async ({ browser, page, request }) => {
  test.setTimeout(300_000);
  const token = await freshToken(browser);

  await test.step("a stalled upload is cut off with 408 and its connection closed", async () => {
    const head = `POST /api/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: image/png\r\nX-Filename: slow.png\r\nContent-Length: 100000\r\n\r\n`;
    const answer = await raw(head, Buffer.from("\x89PNG\r\n\x1a\n\0\0", "latin1"), 15_000);
    expect(answer.head).toMatch(/^HTTP\/1\.1 408/);
    expect(answer.head).toContain("No data arrived");
    expect(answer.closed).toBe(true);
  });

  await test.step("a 64 KB header is refused with 431 and the next request is served", async () => {
    const answer = await raw(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${"a".repeat(64 * 1024)}\r\n\r\n`, null, 5_000);
    // Node answers 431, or resets the connection when the header is still arriving: refused either way.
    if (answer.head) expect(answer.head).toMatch(/^HTTP\/1\.1 431/);
    else expect(answer.reset).toBe(true);
    expect((await request.get("/sign-in")).status()).toBe(200);
  });

  await test.step("a malformed multipart body is not a document", async () => {
    const body = Buffer.from('--x\r\nContent-Disposition: form-data; name="file"\r\n\r\n\0\0garbage without an end');
    const answer = await upload(request, token, body, "form.bin", "multipart/form-data; boundary=x");
    expect(answer.status).toBe(415);
    expect(answer.json.error?.message).toBeTruthy();
  });

  await test.step("a PNG claiming 200,000 x 200,000 pixels is refused before decoding", async () => {
    const png = await renderTextImage(["BOMB"]);
    const bomb = Buffer.from(png);
    bomb.writeUInt32BE(200_000, 16);
    bomb.writeUInt32BE(200_000, 20);
    const { crc32 } = await import("node:zlib");
    bomb.writeUInt32BE(crc32(bomb.subarray(12, 29)) >>> 0, 29);
    const answer = await upload(request, token, bomb, "bomb.png", "image/png");
    expect([413, 422]).toContain(answer.status);
    expect(answer.json.error?.message).toMatch(/pixel/i);
  });

  await test.step("a PDF with JavaScript and an embedded file: its script never runs", async () => {
    let calls = 0;
    const sentinel = createServer((_req, res) => {
      calls++;
      res.end();
    });
    await new Promise<void>((done) => sentinel.listen(0, "127.0.0.1", done));
    const target = `http://127.0.0.1:${(sentinel.address() as AddressInfo).port}/pwned`;
    const pdf = await PDFDocument.load(await makeTextPdf([["INVOICE 1", "TOTAL 10.00"]]));
    const js = pdf.context.obj({ Type: "Action", S: "JavaScript", JS: PDFString.of(`app.launchURL("${target}"); this.submitForm("${target}");`) });
    pdf.catalog.set(PDFName.of("OpenAction"), pdf.context.register(js));
    await pdf.attach(Buffer.from(`<script>fetch("${target}")</script>`), "payload.html", { mimeType: "text/html" });
    const answer = await upload(request, token, Buffer.from(await pdf.save()), "active.pdf", "application/pdf");
    if (answer.status === 202 || answer.status === 200) {
      const job = await finished(request, token, answer.json.jobId ?? "");
      if (job?.status === "failed") expect(job.lastError).toBeTruthy();
    } else {
      expect(answer.json.error?.message).toMatch(/JavaScript|script|embedded|active/i);
    }
    expect(calls).toBe(0);
    sentinel.close();
  });

  await test.step("a JPEG with HTML appended is stored as an image and served so it cannot run", async () => {
    const jpeg = await renderTextImage(["POLYGLOT"], { format: "jpeg" });
    const polyglot = Buffer.concat([jpeg, Buffer.from("<html><script>alert(1)</script></html>")]);
    const answer = await upload(request, token, polyglot, "polyglot.jpg", "image/jpeg");
    expect([200, 202]).toContain(answer.status);
    const file = await request.get(`/files/${answer.json.documentId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(file.status()).toBe(200);
    expect(file.headers()["content-type"]).toBe("image/jpeg");
    expect(file.headers()["x-content-type-options"]).toBe("nosniff");
    expect(file.headers()["content-security-policy"]).toContain("sandbox");
  });

  const names = [
    `'); DROP TABLE documents;-- <img src=x onerror=alert(1)>.png`,
    "\u202Egnp.exe.png",
    "reçu 🧾 été ①.png",
    "e\u0301te\u0301 combining.png",
    "nul\u0000and\u0007bell.png",
  ];
  await test.step("SQL, script and odd Unicode in filenames are kept as text", async () => {
    const token = await apiToken(page);
    let dialogs = 0;
    page.on("dialog", (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    for (const [i, name] of names.entries()) {
      const png = await renderTextImage([`NAME TEST ${i}`]);
      const answer = await upload(request, token, png, name, "image/png");
      expect([200, 202]).toContain(answer.status);
    }
    const input = encodeURIComponent(JSON.stringify({ json: {} }));
    const listed = await request.get(`/api/trpc/documents.list?input=${input}`, { headers: { authorization: `Bearer ${token}` } });
    expect(listed.status()).toBe(200);
    const text = await listed.text();
    expect(text).toContain("DROP TABLE documents;--");
    expect(text).toContain("reçu 🧾 été ①.png");
    expect(text).toContain("<img src=x onerror=alert(1)>");
    expect(text).toContain("nulandbell.png");
    expect(text).toContain('"gnp.exe.png"');
    await page.goto("/documents");
    await expect(page.getByText("DROP TABLE documents", { exact: false }).first()).toBeVisible();
    expect(dialogs).toBe(0);
  });

  await test.step("a 10,000-page PDF fails with a reason and the worker reads the next document", async () => {
    const token = await freshToken(browser);
    const big = await PDFDocument.create();
    for (let i = 0; i < 10_000; i++) big.addPage([100, 100]);
    const answer = await upload(request, token, Buffer.from(await big.save()), "ten-thousand.pdf", "application/pdf");
    if (answer.status === 202) {
      const job = await finished(request, token, answer.json.jobId ?? "");
      expect(job?.status).toBe("failed");
      expect(job?.lastError).toMatch(/pages/i);
    } else {
      expect(answer.status).toBe(422);
      expect(answer.json.error?.message).toMatch(/pages/i);
    }
    const next = await upload(request, token, Buffer.from(await makeTextPdf([["AFTER THE BIG ONE"]])), "after.pdf", "application/pdf");
    expect(next.status).toBe(202);
    expect((await finished(request, token, next.json.jobId ?? ""))?.status).toBe("completed");
  });
});
