const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/**
 * Plain text from the markdown Mistral OCR returns, so rules and structuring see what is printed
 * on the page rather than markup: images dropped, links and emphasis unwrapped, table cells
 * joined by spaces, one line per source line.
 */
export function markdownToText(markdown: string): string {
  const lines = markdown
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<[^>\n]+>/g, "")
    .split(/\r?\n/);
  const out: string[] = [];
  for (const raw of lines) {
    let line = raw;
    // Table separator rows (|---|:--:|) and horizontal rules carry no text.
    if (/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line)) continue;
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) continue;
    line = line
      .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/^\s{0,3}#{1,6}\s+/, "")
      .replace(/^\s*>\s?/, "")
      .replace(/^\s*[-*+]\s+(\[[ xX]\]\s+)?/, "")
      .replace(/(\*\*|__)(.+?)\1/g, "$2")
      .replace(/(^|[^\w*])[*_]([^*_\s][^*_]*?)[*_](?=[^\w*]|$)/g, "$1$2")
      .replace(/~~(.+?)~~/g, "$1")
      .replace(/`([^`]*)`/g, "$1")
      .replace(/&(amp|lt|gt|quot|apos|nbsp);/g, (_, name: string) => ENTITIES[name] ?? "");
    if (line.includes("|")) {
      line = line
        .split("|")
        .map((cell) => cell.trim())
        .filter((cell) => cell !== "")
        .join(" ");
    }
    out.push(line.replace(/[ \t]+/g, " ").trim());
  }
  return out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
