/** @jsxImportSource preact */
import { CaptureHeader } from "./capture-header";
import { CapturePanel } from "./capture-panel";

/** Everything in the capture page's <body>: rendered by the server, then hydrated by capture-island.tsx. */
export function CaptureBody({ admin }: { admin: boolean }) {
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <CaptureHeader admin={admin} />
      <main id="main">
        <h1>Capture</h1>
        <CapturePanel />
      </main>
    </>
  );
}
