import type { TDocumentType } from "../../documents/schemas";
import type { TPage } from "../../extraction/extraction-result";
import { startMistralRun } from "./mistral-call";
import { type TMistralCallOptions, type TMistralConfigInput, ZMistralConfigSchema } from "./mistral-config";
import { documentFromModelAnswer, documentText, jsonOf, systemPrompt } from "../model-answer";
import { type TStructuredDocumentOf, valuesSchemaFor } from "./structure-schemas";

export type TMistralStructureInput<T extends TDocumentType> = {
  documentType: T;
  text: string;
  /** When given, the prompt marks page breaks so the model can tell front from back. */
  pages?: TPage[];
  /** Pages with positioned OCR words (the local engines'), to ground the values in; Mistral's own pages carry none. */
  groundIn?: TPage[];
  signal?: AbortSignal;
};

export type TMistralStructureResult<T extends TDocumentType> = {
  document: TStructuredDocumentOf<T>;
  model: string;
  usage: { promptTokens: number; completionTokens: number };
};

/** Canonical fields of one document type from its OCR text, through Mistral's structured output. */
export async function mistralStructure<T extends TDocumentType>(
  input: TMistralStructureInput<T>,
  configInput: TMistralConfigInput,
  callOptions: TMistralCallOptions = {},
): Promise<TMistralStructureResult<T>> {
  const config = ZMistralConfigSchema.parse(configInput);
  const valuesSchema = valuesSchemaFor(input.documentType);
  const text = documentText(input);
  const run = startMistralRun(config, input.signal);

  const response = await run.call("structuring", (options) =>
    run.client.chat.parse(
      {
        model: config.chatModel,
        temperature: 0,
        messages: [
          {
            role: "system",
            content: systemPrompt(input.documentType),
          },
          { role: "user", content: text },
        ],
        responseFormat: valuesSchema,
      },
      options,
    ),
  );

  const message = response.choices?.[0]?.message;
  const document = documentFromModelAnswer({
    documentType: input.documentType,
    // The SDK leaves `parsed` undefined when one value breaks the schema; the rest is still worth keeping.
    answer: message?.parsed ?? jsonOf(message?.content),
    method: "mistral",
    who: "Mistral structuring",
    evidence: { pages: input.groundIn ?? input.pages ?? [], text },
    // Field names only: the values are personal data.
    onRejected: (fields) =>
      callOptions.logger?.({ level: "warn", msg: "Mistral returned values in the wrong format; they were dropped.", operation: "structuring", fields }),
  });
  return {
    document,
    model: response.model,
    usage: { promptTokens: response.usage.promptTokens ?? 0, completionTokens: response.usage.completionTokens ?? 0 },
  };
}
