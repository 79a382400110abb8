// One PP-OCR reader in a worker thread: ONNX Runtime's runs block the thread they are called on,
// so they stay off the main thread, and a pool of these reads pages side by side.
import { parentPort, workerData } from "node:worker_threads";
import { PaddleReader, type TPaddleOptions } from "./paddle-reader";

export type TThreadRequest = { id: number; bytes: Uint8Array };
export type TThreadReply = { id: number; read?: Awaited<ReturnType<PaddleReader["read"]>>; error?: string };

const port = parentPort;
if (port) {
  const options = (workerData as { options: Partial<TPaddleOptions> }).options;
  try {
    const reader = await PaddleReader.create(options);
    port.on("message", (request: TThreadRequest) => {
      reader.read(request.bytes).then(
        (read) => port.postMessage({ id: request.id, read } satisfies TThreadReply),
        (error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies TThreadReply),
      );
    });
    port.postMessage({ ready: true });
  } catch (error) {
    port.postMessage({ failed: error instanceof Error ? error.message : String(error) });
  }
}
