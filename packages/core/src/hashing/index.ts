// Isomorphic SHA-256 (hash-wasm): runs in the browser, a Web Worker and Node.
export * from "./create-sha256";
export { sha256Stream, type TByteSource, type THashProgressOptions } from "./sha256-stream";
export * from "./sha256-blob";
