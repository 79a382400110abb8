export {
  createDocvaultClient,
  DocvaultError,
  type TClientOptions,
  type TDocvaultClient,
  type TErrorCode,
  type TJob,
  type TJobStatus,
  type TProblem,
  type TResult,
  type TUploadAnswer,
  type TWaitOptions,
} from "./docvault-client";
export type { components, operations, paths } from "./generated/schema";
