import type { TEngineName, TPage } from "../../extraction/extraction-result";
import type { TSupportedType } from "../../validation/detect-type";

export type TEngineInput = {
  bytes: Uint8Array;
  type: TSupportedType;
  signal?: AbortSignal;
  /** For multi-page input: only these pages (1-based); all when absent. */
  pageNumbers?: number[];
};
export type TEngineOutput = { engine: TEngineName; pages: TPage[] };

/** One way of turning bytes into pages of positioned words. */
export type TEngine = {
  name: TEngineName;
  canRead(type: TSupportedType): boolean;
  read(input: TEngineInput): Promise<TEngineOutput>;
};
