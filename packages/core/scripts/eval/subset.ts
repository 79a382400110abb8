/**
 * Fixed, stratified subsets of the corpus for runs that must be short. `ci` (what `pnpm test` runs)
 * keeps every item of the small categories (MRZ, invoices, PDFs, licence barcodes: each one is a
 * kind of its own) and every other receipt in file-name order, so receipts from all the corpus's
 * sources stay in it; it reads in about half the time of the whole corpus.
 */
export const SUBSETS = ["ci"] as const;
export type TSubset = (typeof SUBSETS)[number];

/** Whether the `index`-th item (in file-name order) of `category` belongs to `subset`. */
export function inSubset(subset: TSubset, category: string, index: number): boolean {
  switch (subset) {
    case "ci":
      return category !== "receipts" || index % 2 === 0;
  }
}
