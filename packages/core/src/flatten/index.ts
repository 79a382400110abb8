// Finding a photographed page and flattening it: isomorphic (Node and a Web Worker), with OpenCV.js
// loaded on the first call. Kept out of the package's main entry, which the capture page loads at once.
export { findPageCorners, type TPageCorners } from "./find-page-corners";
export { flattenPage, FLAT_MAX_SIDE } from "./flatten-page";
export { loadOpenCv } from "./load-opencv";
export { FLATTEN_LIMITS, type TRgbaImage } from "./rgba-image";
export type { TPoint, TQuad } from "./quad-geometry";
