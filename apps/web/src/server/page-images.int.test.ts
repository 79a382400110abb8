// GET /files/<id>/pages/<n>: a PDF's page drawn for the result page's boxes, to its owner only, with
// the caching of /files/<id>. Real PostgreSQL and Redis, through the route handlers; the PDF is
// made by the test and kept by the upload route, so the stored bytes are the real ones.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { makeTextPdf, renderTextImage } from "@docvault/core/testing";
import { createTestServices } from "./testing/test-services";

const { services, close } = await createTestServices("pi");

const { createTestToken } = await import("./testing/test-token");
const upload = await import("~/app/api/upload/route");
const pages = await import("~/app/files/[id]/pages/[page]/route");

const users: string[] = [];
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

async function userWithToken(name: string) {
  const user = await services().db.user.create({ data: { email: `${name}-${randomUUID()}@example.test` } });
  users.push(user.id);
  const { token } = await createTestToken(services().db, user.id);
  return { user, auth: { authorization: `Bearer ${token}` } };
}

async function uploaded(auth: Record<string, string>, bytes: Uint8Array, type: string): Promise<string> {
  const response = await upload.POST(
    new Request("http://localhost/api/upload", { method: "POST", body: new Uint8Array(bytes), headers: { "content-type": type, ...auth } }),
  );
  expect(response.status).toBe(202);
  return ((await response.json()) as { documentId: string }).documentId;
}

const getPage = (id: string, page: string, headers: Record<string, string> = {}) =>
  pages.GET(new Request(`http://localhost/files/${id}/pages/${page}`, { headers }), { params: Promise.resolve({ id, page }) });

const messageOf = async (response: Response) => ((await response.json()) as { error: { message: string } }).error.message;

/** A PNG's width and height, from its IHDR chunk (which always comes first). */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe("GET /files/<id>/pages/<n>", () => {
  afterAll(async () => {
    // The database is shared with the other files: leave no pending jobs for their sweeps to find.
    await services().db.user.deleteMany({ where: { id: { in: users } } });
    await close();
  });

  it("draws page 2 of a 3-page PDF as a PNG about 1240 px wide, for the owner only, revalidated by its ETag", async () => {
    const owner = await userWithToken("pages-owner");
    const pdf = await makeTextPdf([["FIRST PAGE"], ["SECOND PAGE", "TOTAL 41.50"], ["THIRD PAGE"]]);
    const id = await uploaded(owner.auth, pdf, "application/pdf");

    const second = await getPage(id, "2", owner.auth);
    expect(second.status).toBe(200);
    expect(second.headers.get("content-type")).toBe("image/png");
    expect(second.headers.get("etag")).toBe(`"${id}-p2"`);
    expect(second.headers.get("cache-control")).toBe("private, no-cache");
    expect(second.headers.get("x-content-type-options")).toBe("nosniff");
    expect(second.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    const png = new Uint8Array(await second.arrayBuffer());
    expect(Number(second.headers.get("content-length"))).toBe(png.length);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    // An A4 page (595 x 842 points) at 150 dpi.
    expect(pngSize(png)).toEqual({ width: 1240, height: 1755 });

    // Page 3 is another picture than page 2 (not one page served for every number).
    const third = new Uint8Array(await (await getPage(id, "3", owner.auth)).arrayBuffer());
    expect(Buffer.from(third).equals(Buffer.from(png))).toBe(false);

    // The browser's copy is confirmed after the owner check, without drawing the page again.
    const again = await getPage(id, "2", { ...owner.auth, "if-none-match": `W/"other", "${id}-p2"` });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(`"${id}-p2"`);
    expect(await again.text()).toBe("");
    // Another page's ETag does not confirm this page.
    expect((await getPage(id, "3", { ...owner.auth, "if-none-match": `"${id}-p2"` })).status).toBe(200);

    const beyond = await getPage(id, "4", owner.auth);
    expect(beyond.status).toBe(404);
    expect(await messageOf(beyond)).toBe("This PDF has 3 pages; there is no page 4.");
    for (const bad of ["0", "-1", "two", "1.5"]) {
      const refused = await getPage(id, bad, owner.auth);
      expect(refused.status, bad).toBe(400);
      expect(await messageOf(refused)).toMatch(/pages are numbered from 1/);
    }
  });

  it("answers another user's document as a missing one, even with its ETag; no credentials 401", async () => {
    const owner = await userWithToken("pages-owner2");
    const other = await userWithToken("pages-other");
    const id = await uploaded(owner.auth, await makeTextPdf([["MINE"], ["ALSO MINE"]]), "application/pdf");
    const missing = await getPage(randomUUID(), "1", other.auth);
    expect(missing.status).toBe(404);

    const theirs = await getPage(id, "1", other.auth);
    expect(theirs.status).toBe(404);
    expect(await messageOf(theirs)).toBe(await messageOf(missing));
    expect((await getPage(id, "1", { ...other.auth, "if-none-match": `"${id}-p1"` })).status).toBe(404);

    const anonymous = await getPage(id, "1");
    expect(anonymous.status).toBe(401);
    expect(await messageOf(anonymous)).toBe("Sign in to see this document.");
    expect((await getPage(id, "1", { "if-none-match": `"${id}-p1"` })).status).toBe(401);

    const { token: writeOnly } = await createTestToken(services().db, owner.user.id, ["documents:write"]);
    expect((await getPage(id, "1", { authorization: `Bearer ${writeOnly}` })).status).toBe(403);
  });

  it("sends page 1 of an image to the image itself, and has no page 2", async () => {
    const owner = await userWithToken("pages-image");
    const id = await uploaded(owner.auth, new Uint8Array(await renderTextImage(["ONE PAGE ONLY"])), "image/png");
    const first = await getPage(id, "1", owner.auth);
    expect(first.status).toBe(307);
    expect(first.headers.get("location")).toBe(`/files/${id}`);
    const second = await getPage(id, "2", owner.auth);
    expect(second.status).toBe(404);
    expect(await messageOf(second)).toBe("This document is an image, so it has one page; there is no page 2.");
  });
});
