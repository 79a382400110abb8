/** The part of libheif-js's wasm bundle that decode-heic.ts uses (the package types the C API only). */
declare module "libheif-js/libheif-wasm/libheif-bundle.mjs" {
  export type THeifImage = {
    get_width(): number;
    get_height(): number;
    is_primary(): boolean;
    /** Decodes into `target` (RGBA); the callback gets it back, or null when decoding failed. */
    display(target: { data: Uint8ClampedArray; width: number; height: number }, done: (shown: unknown) => void): void;
    free(): void;
  };
  export type TLibheif = { HeifDecoder: new () => { decode(bytes: Uint8Array): THeifImage[] } };
  export default function libheif(options?: object): TLibheif;
}
