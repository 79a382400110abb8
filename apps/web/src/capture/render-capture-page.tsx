/** @jsxImportSource preact */
import { renderToString } from "preact-render-to-string";
import { APP_DESCRIPTION, APP_NAME, THEME_COLOR } from "~/lib/app-meta";
import type { TCaptureAssets } from "./capture-assets";
import { CaptureBody } from "./capture-body";

type TCapturePageProps = { nonce: string | undefined; admin: boolean; assets: TCaptureAssets };

/**
 * The whole capture page as HTML: the head the Next pages get from app/layout.tsx's metadata, the
 * stylesheet, and the island's module with this response's CSP nonce. No HTML from strings: every
 * value is escaped by the renderer.
 */
export function renderCapturePage({ nonce, admin, assets }: TCapturePageProps): string {
  const page = (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content={THEME_COLOR} />
        <title>{`Capture · ${APP_NAME}`}</title>
        <meta name="description" content={APP_DESCRIPTION} />
        <meta name="application-name" content={APP_NAME} />
        <link rel="manifest" href="/manifest.webmanifest" />
        <meta name="mobile-web-app-capable" content="yes" />
        <meta name="apple-mobile-web-app-title" content={APP_NAME} />
        <meta name="apple-mobile-web-app-status-bar-style" content="default" />
        <link rel="icon" href="/icons/icon.svg" />
        <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png" />
        <link rel="stylesheet" href={assets.stylesheet} />
        {assets.preload.map((href) => (
          <link key={href} rel="modulepreload" href={href} nonce={nonce} />
        ))}
        <script type="module" src={assets.island} nonce={nonce} />
      </head>
      <body data-admin={admin ? "true" : undefined}>
        <CaptureBody admin={admin} />
      </body>
    </html>
  );
  return `<!DOCTYPE html>${renderToString(page)}`;
}
