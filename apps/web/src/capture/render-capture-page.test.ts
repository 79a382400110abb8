import { describe, expect, it } from "vitest";
import { renderCapturePage } from "./render-capture-page";

const assets = {
  island: "/capture/capture-island-ABC.js",
  preload: ["/capture/chunk-DEF.js"],
  stylesheet: "/capture/globals-JKL.css",
  files: ["/capture/capture-island-ABC.js", "/capture/chunk-DEF.js", "/capture/file-check.worker-GHI.js"],
};

const tags = (html: string, name: string) => html.match(new RegExp(`<${name}\\b[^>]*>`, "g")) ?? [];

describe("the capture page's HTML", () => {
  const html = renderCapturePage({ nonce: "n0nce-Value_1", admin: false, assets });

  it("is a whole document that loads only the island, with this response's nonce on every script", () => {
    expect(html.startsWith('<!DOCTYPE html><html lang="en">')).toBe(true);
    const scripts = tags(html, "script");
    expect(scripts).toEqual([`<script type="module" src="/capture/capture-island-ABC.js" nonce="n0nce-Value_1">`]);
    expect(tags(html, "link").filter((t) => t.includes("modulepreload"))).toEqual([
      `<link rel="modulepreload" href="/capture/chunk-DEF.js" nonce="n0nce-Value_1"/>`,
    ]);
    // Nothing of Next's client runtime.
    expect(html).not.toContain("/_next/");
  });

  it("links the stylesheet and carries the app's head: title, manifest, theme colour, icons", () => {
    expect(html).toContain(`<link rel="stylesheet" href="/capture/globals-JKL.css"/>`);
    expect(html).toContain("<title>Capture · docvault</title>");
    expect(html).toContain(`<link rel="manifest" href="/manifest.webmanifest"/>`);
    expect(html).toContain(`<meta name="theme-color" content="#1d4ed8"/>`);
    expect(html).toContain(`<meta name="viewport" content="width=device-width, initial-scale=1"/>`);
    expect(html).toContain(`<link rel="apple-touch-icon" href="/icons/apple-touch-icon.png"/>`);
  });

  it("is usable before its script runs: the pickers are labelled inputs in the server's HTML", () => {
    expect(html).toContain("<h1>Capture</h1>");
    expect(html).toMatch(
      /<label class="button" for="files">Choose files<\/label><input id="files" class="visually-hidden" type="file" multiple accept="[^"]*application\/pdf/,
    );
    expect(html).toMatch(/<input id="camera" class="visually-hidden" type="file" accept="image\/\*" capture="environment"\/>/);
    expect(html).toContain(`<a href="/" aria-current="page">Capture</a>`);
    expect(html).toContain(`<a class="skip" href="#main">Skip to content</a>`);
  });

  it("shows the Admin link to administrators only, and tells the island which it rendered", () => {
    expect(html).not.toContain(`href="/admin"`);
    expect(html).toContain("<body>");
    const admin = renderCapturePage({ nonce: "x", admin: true, assets });
    expect(admin).toContain(`<a href="/admin">Admin</a>`);
    expect(admin).toContain(`<body data-admin="true">`);
  });

  it("without a nonce (no proxy in front) still renders, with no empty nonce attribute", () => {
    const bare = renderCapturePage({ nonce: undefined, admin: false, assets });
    expect(tags(bare, "script")).toEqual([`<script type="module" src="/capture/capture-island-ABC.js">`]);
  });
});
