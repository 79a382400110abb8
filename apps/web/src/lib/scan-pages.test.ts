// The pages of a scan as kept in IndexedDB (over fake-indexeddb): in the order the person gives
// them, bounded, per user, and gone with their person at a sign-out. The page that shows them and
// the PDF made of them in a real Chromium are in tests/e2e/scan-pages.spec.ts.
import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { addScanPage, clearScan, forgetScanPagesBut, MAX_SCAN_PAGES, moveScanPage, removeScanPage, scanPages } from "./scan-pages";

const photo = (name: string) => ({ blob: new Blob([name], { type: "image/jpeg" }), name, warning: null });
const names = async (owner: string) => (await scanPages(owner)).map((page) => page.name);

describe("scan pages", () => {
  it("keeps pages in the order taken, moves them, deletes one and closes the gap", async () => {
    const owner = "user-order";
    for (const name of ["a.jpg", "b.jpg", "c.jpg"]) expect(await addScanPage(owner, photo(name))).toBe(true);
    expect(await names(owner)).toEqual(["a.jpg", "b.jpg", "c.jpg"]);

    const [, , c] = await scanPages(owner);
    await moveScanPage(owner, c?.id ?? "", -1);
    expect(await names(owner)).toEqual(["a.jpg", "c.jpg", "b.jpg"]);
    // Past either end nothing moves.
    const [a] = await scanPages(owner);
    await moveScanPage(owner, a?.id ?? "", -1);
    expect(await names(owner)).toEqual(["a.jpg", "c.jpg", "b.jpg"]);

    await removeScanPage(owner, a?.id ?? "");
    expect((await scanPages(owner)).map((page) => [page.name, page.position])).toEqual([
      ["c.jpg", 0],
      ["b.jpg", 1],
    ]);
    // A page added after a deletion goes last.
    await addScanPage(owner, photo("d.jpg"));
    expect(await names(owner)).toEqual(["c.jpg", "b.jpg", "d.jpg"]);

    await clearScan(owner);
    expect(await names(owner)).toEqual([]);
  });

  it(`takes at most ${MAX_SCAN_PAGES} pages in one scan`, async () => {
    const owner = "user-full";
    for (let i = 0; i < MAX_SCAN_PAGES; i++) expect(await addScanPage(owner, photo(`${i}.jpg`))).toBe(true);
    expect(await addScanPage(owner, photo("one-too-many.jpg"))).toBe(false);
    expect(await scanPages(owner)).toHaveLength(MAX_SCAN_PAGES);
  });

  it("shows each person only their pages, and forgets everyone else's at a change of user", async () => {
    await addScanPage("user-x", photo("x.jpg"));
    await addScanPage("user-y", photo("y.jpg"));
    // One person's actions never touch another's pages.
    await clearScan("user-x");
    expect(await names("user-y")).toEqual(["y.jpg"]);

    await addScanPage("user-x", photo("x2.jpg"));
    await forgetScanPagesBut("user-x");
    expect(await names("user-x")).toEqual(["x2.jpg"]);
    expect(await names("user-y")).toEqual([]);
    await forgetScanPagesBut(null);
    expect(await names("user-x")).toEqual([]);
  });
});
