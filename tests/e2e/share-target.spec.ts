/**
 * Issue 15, "share target": files that arrive at /share-target wait for the person to confirm.
 * Another website can make a signed-in person's browser POST a form there (the service worker
 * answers it whoever sent it); that must upload nothing on its own.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { renderTextImage } from "@docvault/core/testing";
import { serverDocuments, storedUploads, waitForServiceWorker } from "../support/pwa";
import { signUp } from "../support/sign-up";

/** A page on another loopback origin that, once loaded, posts a file to the app's share target in a multipart form. */
function hostilePage(target: string, png: Buffer): string {
  return `<!doctype html><html><head><title>Free prizes</title></head><body>
<form id="f" method="post" action="${target}" enctype="multipart/form-data"><input type="file" name="files"></form>
<script>
  const bytes = Uint8Array.from(atob("${png.toString("base64")}"), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], "forged.png", { type: "image/png" }));
  document.querySelector("input").files = transfer.files;
  document.getElementById("f").submit();
</script></body></html>`;
}

async function serveOnLoopback(html: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

test("another site's form POST to /share-target uploads nothing: the files wait, marked as from that site, until the person discards them", async ({
  page,
  baseURL,
}) => {
  await signUp(page);
  await page.goto("/");
  await waitForServiceWorker(page);
  const png = await renderTextImage(["FORGED", "TOTAL 9.99"]);
  const { server, origin } = await serveOnLoopback(hostilePage(`${baseURL}/share-target`, png));
  try {
    await page.goto(`${origin}/`);
    // The form lands on the app, whose service worker takes the files and opens the capture page.
    await expect(page).toHaveURL((url) => url.origin === baseURL && url.pathname === "/");
    const shared = page.getByTestId("shared-files");
    await expect(shared).toContainText("forged.png");
    await expect(shared.getByTestId("shared-from")).toContainText(origin);
    // Shown, not sent: nothing in the upload queue, nothing on the server, and a reload changes nothing.
    expect(await storedUploads(page)).toEqual([]);
    expect(await serverDocuments(page.request)).toEqual([]);
    await page.reload();
    await expect(page.getByTestId("shared-files")).toContainText("forged.png");
    expect(await storedUploads(page)).toEqual([]);
    expect(await serverDocuments(page.request)).toEqual([]);

    await page.getByTestId("shared-files").getByRole("button", { name: "Discard" }).click();
    await expect(page.getByTestId("shared-files")).toHaveCount(0);
    await expect(page.getByText("The shared files were discarded; nothing was sent.")).toBeVisible();
    await page.reload();
    await expect(page.getByRole("heading", { name: "Capture" })).toBeVisible();
    await expect(page.getByTestId("shared-files")).toHaveCount(0);
    expect(await storedUploads(page)).toEqual([]);
    expect(await serverDocuments(page.request)).toEqual([]);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
