import OpenAI from "openai";
import { z } from "zod";
import type { TDocumentType } from "../../documents/schemas";
import { AppError } from "../../errors/app-error";
import type { TPage } from "../../extraction/extraction-result";
import { documentFromModelAnswer, documentText, jsonOf, systemPrompt } from "../model-answer";
import type { TMistralCallOptions } from "../mistral/mistral-config";
import { type TStructuredDocumentOf, valuesSchemaFor } from "../mistral/structure-schemas";
import { type TLlmConfigInput, ZLlmConfigSchema } from "./llm-config";
import { mapLlmError } from "./llm-errors";

export type TLlmStructureInput<T extends TDocumentType> = {
  documentType: T;
  /** The local OCR's text and pages: the model reads the text, the values are grounded in the pages' words. */
  text: string;
  pages: TPage[];
  signal?: AbortSignal;
};

export type TLlmStructureResult<T extends TDocumentType> = {
  document: TStructuredDocumentOf<T>;
  model: string;
  usage: { promptTokens: number; completionTokens: number };
};

/** The JSON schema a server constrains its answer to (OpenAI's strict subset: every key required, no others). */
export function answerSchemaFor(type: TDocumentType): Record<string, unknown> {
  const { $schema: _draft, ...schema } = z.toJSONSchema(valuesSchemaFor(type));
  return schema;
}

/**
 * Canonical fields of one document type from its OCR text, through any OpenAI-compatible server's
 * chat completions with a JSON schema (`response_format: json_schema`). Same checks and grounding
 * as Mistral's structuring; costs nothing docvault counts.
 */
export async function llmStructure<T extends TDocumentType>(
  input: TLlmStructureInput<T>,
  configInput: TLlmConfigInput,
  callOptions: TMistralCallOptions = {},
): Promise<TLlmStructureResult<T>> {
  input.signal?.throwIfAborted();
  const config = ZLlmConfigSchema.parse(configInput);
  const client = new OpenAI({ baseURL: config.baseURL, apiKey: config.apiKey ?? "not-needed", timeout: config.timeoutMs, maxRetries: config.retries });
  const text = documentText(input);
  const completion = await client.chat.completions
    .create(
      {
        model: config.model,
        temperature: 0,
        max_tokens: config.maxTokens,
        messages: [
          { role: "system", content: systemPrompt(input.documentType) },
          { role: "user", content: text },
        ],
        response_format: {
          type: "json_schema",
          json_schema: { name: `${input.documentType}_fields`, strict: true, schema: answerSchemaFor(input.documentType) },
        },
      },
      input.signal ? { signal: input.signal } : {},
    )
    .catch((err: unknown) => {
      // A caller's cancellation is theirs to interpret, as with fetch: rethrow their reason unchanged.
      if (input.signal?.aborted) throw input.signal.reason;
      throw mapLlmError(err, config);
    });

  const who = `The language model ${config.model} at ${config.baseURL}`;
  const choice = completion.choices?.[0];
  if (choice?.finish_reason === "length") {
    throw new AppError("ENGINE_FAILED", `${who} stopped before its answer was complete (max ${config.maxTokens} tokens); its fields were not used.`);
  }
  const answer = jsonOf(choice?.message?.content);
  if (answer === undefined) {
    throw new AppError(
      "ENGINE_FAILED",
      `${who} answered with text that is not JSON; its fields were not used (a model that supports JSON schemas reads better).`,
    );
  }
  const document = documentFromModelAnswer({
    documentType: input.documentType,
    answer,
    method: "llm",
    who,
    evidence: { pages: input.pages, text },
    onRejected: (fields) =>
      callOptions.logger?.({
        level: "warn",
        msg: "The language model returned values in the wrong format; they were dropped.",
        operation: "structuring",
        fields,
      }),
  });
  return {
    document,
    model: completion.model || config.model,
    usage: { promptTokens: completion.usage?.prompt_tokens ?? 0, completionTokens: completion.usage?.completion_tokens ?? 0 },
  };
}
