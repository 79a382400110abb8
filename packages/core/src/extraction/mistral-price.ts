/**
 * Mistral's published OCR price (USD per 1,000 pages, without annotations). The worker bills with
 * it; the admin dashboard uses it to price what a local engine saved.
 */
export const MISTRAL_OCR_USD_PER_1000_PAGES = 4;
