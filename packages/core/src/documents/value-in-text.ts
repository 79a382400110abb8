const normalise = (s: string): string => s.toLowerCase().replace(/\s+/g, " ").trim();

/**
 * Whether a model's value can be seen in the OCR text: the cheap check that tells a read value
 * from a guessed one. Dates and amounts are compared loosely, as printed formats vary.
 */
export function valueInText(value: unknown, text: string): boolean {
  const haystack = normalise(text);
  const compact = haystack.replace(/[\s.,'’-]/g, "");
  if (typeof value === "number") return haystack.includes(String(value));
  if (typeof value === "boolean") return false;
  if (typeof value === "string") {
    const needle = normalise(value);
    if (needle === "") return false;
    if (haystack.includes(needle)) return true;
    const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(needle);
    if (iso) {
      const year = iso[1] ?? "";
      const day = Number(iso[3]);
      // 14/03/2024, 03-14-24, 14 Mar 2024 … all carry the year (or its last two digits) and the day.
      return (haystack.includes(year) || haystack.includes(year.slice(2))) && new RegExp(`\\b0?${day}\\b`).test(haystack);
    }
    if (/^-?\d+(\.\d+)?$/.test(needle)) return compact.includes(needle.replace(/[.,-]/g, ""));
    return compact.includes(needle.replace(/[\s.,'’-]/g, ""));
  }
  if (Array.isArray(value)) {
    const found = value.filter((item) => valueInText(item, text)).length;
    return value.length > 0 && found * 2 >= value.length;
  }
  if (typeof value === "object" && value !== null) {
    const leaves = Object.values(value).filter((v) => v !== null && v !== undefined);
    return leaves.length > 0 && leaves.filter((v) => valueInText(v, text)).length * 2 >= leaves.length;
  }
  return false;
}
