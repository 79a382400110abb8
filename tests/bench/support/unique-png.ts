import { crc32 } from "node:zlib";
import { renderTextImage } from "@docvault/core/testing";

/**
 * Makes PNGs of about `bytes` bytes, each with different bytes (a tEXt chunk carries a serial
 * number and padding), so every upload is a new document and no cache answers for it.
 */
export async function uniquePngMaker(defaultBytes = 10 * 1024): Promise<(serial: number, bytes?: number) => Buffer> {
  const base = await renderTextImage(["RECEIPT", "TOTAL 12.50"], { width: 240, fontSize: 20 });
  const ihdrEnd = 8 + 25; // signature, then the IHDR chunk (4 length + 4 type + 13 data + 4 crc)
  return (serial, bytes = defaultBytes) => {
    const padding = Math.max(64, bytes - base.length - 12);
    const data = Buffer.alloc(padding, 0x20);
    data.write(`Comment\0docvault-bench-${serial}-`, "latin1");
    const type = Buffer.from("tEXt", "latin1");
    const chunk = Buffer.alloc(12 + data.length);
    chunk.writeUInt32BE(data.length, 0);
    type.copy(chunk, 4);
    data.copy(chunk, 8);
    chunk.writeUInt32BE(crc32(Buffer.concat([type, data])) >>> 0, 8 + data.length);
    return Buffer.concat([base.subarray(0, ihdrEnd), chunk, base.subarray(ihdrEnd)]);
  };
}
