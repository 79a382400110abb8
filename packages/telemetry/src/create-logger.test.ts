// What a log line may never contain: document text and fields, file names, emails, auth headers,
// raw user ids. A record carrying all of them is logged and the written JSON is checked.
import { Writable } from "node:stream";
import { expect, it } from "vitest";
import { createLogger } from "./create-logger";
import { hashUserId } from "./hash-user-id";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, destination };
}

it("redacts personal data and document content, hashes user ids, keeps ids and the message", () => {
  const { lines, destination } = capture();
  const log = createLogger({ service: "test", destination });
  const userId = "7d5a2c3e-0000-4000-8000-000000000001";
  log.info(
    {
      jobId: "job-1",
      userId,
      email: "alice@example.com",
      filename: "passport-alice-smith.jpg",
      text: "ALICE SMITH P<GBRSMITH<<ALICE",
      req: { headers: { authorization: "Bearer secret-token", cookie: "session=abc" }, url: "/api/upload" },
      result: { fields: { surname: { value: "SMITH" } }, text: "DATE OF BIRTH 1990-01-01" },
      user: { ownerId: userId, email: "alice@example.com" },
    },
    "extraction completed",
  );
  expect(lines).toHaveLength(1);
  const line = lines[0] ?? "";
  for (const secret of ["alice@example.com", "passport-alice-smith", "ALICE SMITH", "SMITH", "secret-token", "session=abc", "1990-01-01", userId]) {
    expect(line).not.toContain(secret);
  }
  const record = JSON.parse(line) as Record<string, unknown>;
  expect(record).toMatchObject({ msg: "extraction completed", jobId: "job-1", service: "test", userId: hashUserId(userId) });
  expect(record.req).toMatchObject({ url: "/api/upload", headers: { authorization: "[redacted]", cookie: "[redacted]" } });
  expect(record.user).toMatchObject({ ownerId: hashUserId(userId), email: "[redacted]" });
});
