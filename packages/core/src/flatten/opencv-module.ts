// Loaded only through loadOpenCv's import(), never imported directly: see load-opencv.ts.
import * as imported from "@techstark/opencv-js";

/**
 * OpenCV.js in a box. The module has a `then` (Emscripten's) that hands back the module itself, so
 * a promise resolved with it, as `await import("@techstark/opencv-js")` is where the loader wraps
 * CommonJS in a namespace that shows its properties (vitest, some bundlers), follows it for ever and
 * blocks the thread. This module's own namespace holds no `then`.
 */
export const openCv = { cv: ((imported as { default?: unknown }).default ?? imported) as typeof imported };
