import { dirname, join } from "node:path";
import { AppError } from "../../errors/app-error";

// Found by Node at run time: a bundler (Turbopack, for the web app's page images) rewrites an
// imported createRequire(import.meta.url).resolve to its own module id, which is no folder.
const { createRequire } = process.getBuiltinModule("node:module");
const pdfjsRoot = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));

// pdfjs-dist 5.6 on Node 20 wants plain filesystem paths ending in '/', not file:// URLs,
// and renders text blank without its standard fonts (see STACK.md).
const assetPath = (folder: string): string => `${join(pdfjsRoot, folder)}/`;

type TPdfjs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
let pdfjsModule: Promise<TPdfjs> | undefined;

function loadPdfjs(): Promise<TPdfjs> {
  pdfjsModule ??= import("pdfjs-dist/legacy/build/pdf.mjs");
  return pdfjsModule;
}

export type TPdfDocument = Awaited<ReturnType<TPdfjs["getDocument"]>["promise"]>;

/** Opens a PDF with pdfjs, mapping its failures to errors a person can act on. */
export async function openPdf(bytes: Uint8Array): Promise<TPdfDocument> {
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({
    // pdfjs transfers (detaches) the buffer it is given: hand it a copy.
    data: new Uint8Array(bytes),
    standardFontDataUrl: assetPath("standard_fonts"),
    cMapUrl: assetPath("cmaps"),
    cMapPacked: true,
    wasmUrl: assetPath("wasm"),
    iccUrl: assetPath("iccs"),
    isEvalSupported: false,
    enableXfa: false,
    verbosity: 0,
  });
  try {
    return await task.promise;
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    if (name === "PasswordException") {
      throw new AppError("ENCRYPTED_PDF", "This PDF is protected by a password. Remove the password and upload it again.", {
        cause: error,
      });
    }
    throw new AppError("CORRUPT_FILE", "This PDF is damaged and cannot be opened. Export or scan it again.", {
      cause: error,
    });
  }
}
