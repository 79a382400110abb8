/**
 * Mistral's published OCR price (USD per 1,000 pages, without annotations). The worker bills with
 * it; the admin dashboard uses it to price what a local engine saved.
 */
export const MISTRAL_OCR_USD_PER_1000_PAGES = 4;

/**
 * Mistral's batch price for the same OCR: half the real-time price (the batch API's published 50%
 * discount), for documents that can wait hours for their result.
 */
export const MISTRAL_BATCH_OCR_USD_PER_1000_PAGES = MISTRAL_OCR_USD_PER_1000_PAGES / 2;
