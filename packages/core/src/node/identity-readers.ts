import type { TIdentityReaders } from "./analyze-document";

/** The identity-document readers (PDF417/AAMVA, MRZ) wired into the pipeline. */
export const identityReaders: TIdentityReaders = {};

export async function stopIdentityReaders(): Promise<void> {}
