/**
 * (Named to run after dashboard.spec.ts, whose totals count every user's documents.)
 * Issue 20, part 2: the capture page's quality gate. A blurred photo is stopped on the device with
 * the sentence that says what to do, and sent only if the person chooses to; a sharp one goes
 * straight through.
 */
import { expect, test } from "@playwright/test";
import { renderTextImage } from "@docvault/core/testing";
import { spoil } from "@docvault/core/testing/quality-variants";
import { chooseFiles } from "../support/pwa";
import { signUp } from "../support/sign-up";

const RECEIPT = ["HARBOUR FISH MARKET", "8 JALAN PANTAI", "PRAWNS            18.00", "TOTAL             18.00"];

test("a blurred photo is stopped with its sentence and sent only when the person chooses; a sharp one goes through", async ({ page }) => {
  await signUp(page);
  await page.goto("/");
  const sharp = await renderTextImage(RECEIPT);
  const blurred = await spoil(await renderTextImage([...RECEIPT, "THANK YOU"]), "blurry");
  await chooseFiles(page, [
    { name: "blurred.png", mimeType: "image/png", buffer: blurred },
    { name: "sharp.png", mimeType: "image/png", buffer: sharp },
  ]);

  const stopped = page.getByTestId("capture-row").filter({ hasText: "blurred.png" });
  await expect(stopped.getByTestId("quality-message")).toHaveText("Too blurry to read: hold the phone steady and try again.");
  await expect(stopped).toHaveAttribute("data-phase", "doubtful");
  const through = page.getByTestId("capture-row").filter({ hasText: "sharp.png" });
  await expect(through.getByTestId("upload-state")).toHaveAttribute("data-state", "done", { timeout: 110_000 });
  // Nothing of the blurred one reached the server while it waits for the person.
  await expect(stopped.getByTestId("upload-state")).toHaveCount(0);

  await stopped.getByRole("button", { name: "Send anyway" }).click();
  await expect(stopped.getByTestId("upload-state")).toHaveAttribute("data-state", "done", { timeout: 110_000 });

  // Remove drops a stopped photo without sending it.
  await chooseFiles(page, [{ name: "blurred-again.png", mimeType: "image/png", buffer: await spoil(sharp, "blurry") }]);
  const again = page.getByTestId("capture-row").filter({ hasText: "blurred-again.png" });
  await expect(again.getByTestId("quality-message")).toBeVisible();
  await again.getByRole("button", { name: /Remove/ }).click();
  await expect(again).toHaveCount(0);
});
