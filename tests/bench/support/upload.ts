/** One upload through the real HTTP route, as a script would send it. */
export async function upload(
  baseUrl: string,
  body: Buffer | ReadableStream<Uint8Array>,
  meta: { filename: string; type: string; headers?: Record<string, string> },
): Promise<{
  status: number;
  retryAfter: string | null;
  json: { documentId?: string; jobId?: string; status?: string; error?: { message: string } };
}> {
  const response = await fetch(`${baseUrl}/api/upload`, {
    method: "POST",
    body,
    headers: { "content-type": meta.type, "x-filename": encodeURIComponent(meta.filename), ...meta.headers },
    // Node's fetch needs this to stream a request body.
    ...(body instanceof Buffer ? {} : { duplex: "half" }),
  } as RequestInit);
  const text = await response.text();
  let json = {};
  try {
    json = JSON.parse(text) as object;
  } catch {
    json = { error: { message: text.slice(0, 300) } };
  }
  return { status: response.status, retryAfter: response.headers.get("retry-after"), json };
}
