import { mkdirSync, symlinkSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** Languages whose trained models ship in npm packages (`@tesseract.js-data/<name>`), so none is downloaded. */
export const OCR_LANGUAGE_NAMES = ["eng", "fra", "deu", "spa", "ita", "nld", "por", "chi_sim"] as const;
export type TOcrLanguage = (typeof OCR_LANGUAGE_NAMES)[number];

/** Tesseract's languages among the configured ones (chi_sim is for PP-OCR only). */
export const tesseractLanguages = (languages: readonly string[]) => {
  const own = languages.filter((l) => l !== "chi_sim");
  return own.length ? own : ["eng"];
};

const modelOf = (language: string) =>
  join(dirname(require.resolve(`@tesseract.js-data/${language}/package.json`)), "4.0.0_best_int", `${language}.traineddata.gz`);

/**
 * A directory holding the trained model of every language asked for. tesseract.js loads all
 * languages from one `langPath`, and each model lives in its own npm package, so the directory is
 * made of links to them (under the system's temporary directory, made once per set of languages).
 */
export function languagePath(languages: readonly string[]): string {
  if (languages.length === 1) return dirname(modelOf(languages[0] as string));
  const dir = join(tmpdir(), `docvault-tessdata-${[...languages].sort().join("+")}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const language of languages) {
    const link = join(dir, `${language}.traineddata.gz`);
    if (!existsSync(link)) symlinkSync(modelOf(language), link);
  }
  return dir;
}
