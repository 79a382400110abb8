// Structuring through any OpenAI-compatible server (Ollama, vLLM, llama.cpp): Node-only, used by the worker.
export * from "./llm-config";
export * from "./llm-errors";
export * from "./llm-structure";
