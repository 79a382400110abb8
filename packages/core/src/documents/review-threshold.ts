/**
 * Under this confidence a field needs a second look: the worker reads an unsure receipt or invoice
 * again with the other local engine, escalates it to Mistral where a key is set, and the review
 * inbox lists it for a person. It is the confidence from which fields are right at least 95% of
 * the time on the public corpus (`pnpm eval` prints it: "fields are right >= 95% from confidence
 * 0.75", 2026-12-05, after the receipt confidences were fitted with `pnpm eval:fit-confidence`).
 */
export const REVIEW_THRESHOLD = 0.75;
