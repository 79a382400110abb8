/** Builds an AAMVA payload with a correct header and offsets: for tests and demo fixtures, not for production cards. */
export type TAamvaPayloadSpec = {
  issuerId: string;
  aamvaVersion: number;
  /** Ignored for version 1, whose header has no jurisdiction version. */
  jurisdictionVersion?: number;
  subfileType?: "DL" | "ID";
  /** Data elements in order, e.g. [["DAQ", "D1234562"], ["DCS", "DOE"]]. */
  elements: Array<[string, string]>;
  /** An optional jurisdiction subfile, e.g. { type: "ZC", elements: [["ZCA", "Y"]] }. */
  jurisdictionSubfile?: { type: string; elements: Array<[string, string]> };
};

const pad = (n: number, width: number): string => String(n).padStart(width, "0");

export function buildAamvaPayload(spec: TAamvaPayloadSpec): string {
  const subfiles: Array<{ type: string; elements: Array<[string, string]> }> = [{ type: spec.subfileType ?? "DL", elements: spec.elements }];
  if (spec.jurisdictionSubfile) subfiles.push(spec.jurisdictionSubfile);
  const bodies = subfiles.map((s) => `${s.type}${s.elements.map(([id, value]) => `${id}${value}`).join("\n")}\r`);

  const jurisdiction = spec.aamvaVersion < 2 ? "" : pad(spec.jurisdictionVersion ?? 0, 2);
  const fixed = `@\n\x1e\rANSI ${spec.issuerId}${pad(spec.aamvaVersion, 2)}${jurisdiction}${pad(subfiles.length, 2)}`;
  let offset = fixed.length + subfiles.length * 10;
  const designators = subfiles.map((s, i) => {
    const length = bodies[i]?.length ?? 0;
    const designator = `${s.type}${pad(offset, 4)}${pad(length, 4)}`;
    offset += length;
    return designator;
  });
  return fixed + designators.join("") + bodies.join("");
}
