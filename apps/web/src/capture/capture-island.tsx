/** @jsxImportSource preact */
/**
 * The capture page's script (bundled by scripts/build-capture.mjs): it takes over the server's
 * HTML, with the same props the server rendered it with, and starts the app's background work.
 */
import { hydrate } from "preact";
import { startApp } from "~/lib/start-app";
import { CaptureBody } from "./capture-body";

hydrate(<CaptureBody admin={document.body.dataset.admin === "true"} />, document.body);
startApp();
