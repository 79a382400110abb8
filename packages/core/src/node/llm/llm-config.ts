import { z } from "zod";

/**
 * A language model behind any OpenAI-compatible chat completions API (Ollama, vLLM, llama.cpp's
 * server, LM Studio, or a hosted one). Built by the worker from LLM_BASE_URL, LLM_MODEL and
 * LLM_API_KEY; nothing here reads process.env.
 */
export const ZLlmConfigSchema = z.object({
  /** The API's base, with its version path: http://127.0.0.1:11434/v1 (Ollama), http://127.0.0.1:8000/v1 (vLLM). */
  baseURL: z.url(),
  model: z.string().min(1),
  /** Local servers take any key; the SDK insists on one, so a placeholder is sent when none is set. */
  apiKey: z.string().min(1).optional(),
  /** One request's deadline: a local model on a CPU can take a while for a long document. */
  timeoutMs: z.number().int().positive().default(120_000),
  /** Extra attempts after a 429, 5xx, timeout or refused connection (the SDK's backoff, honouring Retry-After). */
  retries: z.number().int().min(0).max(10).default(2),
  /** Longest answer, in tokens: a receipt's fields and items fit with room to spare; a cut answer is refused. */
  maxTokens: z.number().int().positive().default(4_096),
});
export type TLlmConfigInput = z.input<typeof ZLlmConfigSchema>;
export type TLlmConfig = z.output<typeof ZLlmConfigSchema>;
