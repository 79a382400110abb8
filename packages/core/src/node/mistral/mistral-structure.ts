import type { TDocumentType } from "../../documents/schemas";
import { AppError } from "../../errors/app-error";
import type { TPage } from "../../extraction/extraction-result";
import { startMistralRun } from "./mistral-call";
import { type TMistralCallOptions, type TMistralConfigInput, ZMistralConfigSchema } from "./mistral-config";
import { canonicalSchema, type TStructuredDocumentOf, valuesSchemaFor } from "./structure-schemas";
import { valueInText } from "./value-in-text";

/** A model's value that also appears in the OCR text: read, not invented, though not checked further. */
export const MISTRAL_CONFIDENCE_IN_TEXT = 0.85;
/** A value the text does not show (a guess, a reformatting too far, or a derived flag such as mrzValid). */
export const MISTRAL_CONFIDENCE_NOT_IN_TEXT = 0.5;
/** Enough OCR text for any single document; more only costs tokens. */
const MAX_TEXT_CHARS = 60_000;

export type TMistralStructureInput<T extends TDocumentType> = {
  documentType: T;
  text: string;
  /** When given, the prompt marks page breaks so the model can tell front from back. */
  pages?: TPage[];
  signal?: AbortSignal;
};

export type TMistralStructureResult<T extends TDocumentType> = {
  document: TStructuredDocumentOf<T>;
  model: string;
  usage: { promptTokens: number; completionTokens: number };
};

const FORMAT_RULES = [
  "Use null for any field the text does not show; never guess or invent a value.",
  'Dates: YYYY-MM-DD. Amounts: decimal strings with a dot, no currency symbol or thousands separator ("1234.50").',
  'Countries: ISO 3166-1 alpha-3 ("DEU"). Currencies: ISO 4217 ("EUR"). Sex: M, F or X. Heights in centimetres.',
].join("\n");

function documentText(input: { text: string; pages?: TPage[] }): string {
  const text = input.pages?.length ? input.pages.map((page) => `--- page ${page.index + 1} ---\n${page.text}`).join("\n\n") : input.text;
  return text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function contentOf(content: unknown): unknown {
  if (typeof content !== "string") return undefined;
  try {
    return JSON.parse(content);
  } catch {
    return undefined;
  }
}

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
            content: `You read the OCR text of a ${input.documentType.replace("_", " ")} and return its fields as JSON.\n${FORMAT_RULES}`,
          },
          { role: "user", content: text },
        ],
        responseFormat: valuesSchema,
      },
      options,
    ),
  );

  const message = response.choices?.[0]?.message;
  // The SDK leaves `parsed` undefined when one value breaks the schema; the rest is still worth keeping.
  const raw: unknown = message?.parsed ?? contentOf(message?.content);
  if (!isRecord(raw)) {
    throw new AppError("ENGINE_FAILED", "Mistral structuring returned no JSON object for the document's fields.");
  }
  const answer = raw;

  const fields: Record<string, unknown> = {};
  const rejected: string[] = [];
  for (const [name, schema] of Object.entries(valuesSchema.shape)) {
    const parsed = schema.safeParse(answer[name] ?? null);
    if (!parsed.success) rejected.push(name);
    const value: unknown = parsed.success ? parsed.data : null;
    const confidence = value === null ? 0 : valueInText(value, text) ? MISTRAL_CONFIDENCE_IN_TEXT : MISTRAL_CONFIDENCE_NOT_IN_TEXT;
    fields[name] = { value, confidence, source: null, method: "mistral" };
  }
  if (rejected.length > 0) {
    // Field names only: the values are personal data.
    callOptions.logger?.({
      level: "warn",
      msg: "Mistral returned values in the wrong format; they were dropped.",
      operation: "structuring",
      fields: rejected,
    });
  }

  const canonical = canonicalSchema(input.documentType).safeParse({ type: input.documentType, fields });
  if (!canonical.success) {
    throw new AppError("ENGINE_FAILED", "Mistral structuring produced fields that do not match the document schema.", {
      cause: canonical.error,
    });
  }
  return {
    document: canonical.data as TStructuredDocumentOf<T>,
    model: response.model,
    usage: { promptTokens: response.usage.promptTokens ?? 0, completionTokens: response.usage.completionTokens ?? 0 },
  };
}
