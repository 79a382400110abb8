import { AppError } from "../../errors/app-error";

export type TAamvaSubfileDesignator = { type: string; offset: number; length: number };

export type TAamvaHeader = {
  /** "ANSI" for every standard version; a few early cards wrote "AAMVA". */
  fileType: "ANSI" | "AAMVA";
  /** Six-digit Issuer Identification Number, e.g. "636014" for California. */
  issuerId: string;
  /** 0-99; 1 = DL/ID-2000, 2 = 2003, 3 = 2005, 4 = 2009, ... 10 = 2020. */
  aamvaVersion: number;
  /** Absent (null) in version 1 headers. */
  jurisdictionVersion: number | null;
  numberOfEntries: number;
  subfiles: TAamvaSubfileDesignator[];
};

export type TAamvaElements = {
  header: TAamvaHeader;
  /** "DL" for a driver's licence, "ID" for an identification card. */
  subfileType: "DL" | "ID";
  /** Data elements by three-letter id, values as encoded (padding kept); the DL/ID subfile wins over Z subfiles. */
  elements: Record<string, string>;
  /** What had to be worked around to read the payload (wrong offsets, stray lines); empty for a clean barcode. */
  repairs: string[];
};

/** Element separator (LF); issuers sometimes also use the record separator (RS) or a bare CR. */
const RECORD_SEPARATOR = "\x1e";
const DESIGNATOR = /^([A-Z]{2})(\d{4})(\d{4})/;
const ELEMENT = /^([A-Z]{3})(.*)$/s;
/** Lengths in the designators are sometimes off by a terminator or two; more than this is missing data. */
const LENGTH_SLACK = 2;

function corrupt(message: string): never {
  throw new AppError("CORRUPT_FILE", message);
}

type THeaderLayout = { jurisdictionVersion: number | null; numberOfEntries: number; designatorsAt: number };

/** Version 1 headers lack the jurisdiction version; some cards mislabel their version, so both layouts are tried. */
function headerLayouts(text: string, at: number, version: number): THeaderLayout[] {
  const withJurisdiction = /^(\d{2})(\d{2})/.exec(text.slice(at));
  const withoutJurisdiction = /^(\d{2})/.exec(text.slice(at));
  const layouts: THeaderLayout[] = [];
  if (withJurisdiction?.[1] && withJurisdiction[2]) {
    layouts.push({
      jurisdictionVersion: Number(withJurisdiction[1]),
      numberOfEntries: Number(withJurisdiction[2]),
      designatorsAt: at + 4,
    });
  }
  if (withoutJurisdiction?.[1]) {
    layouts.push({ jurisdictionVersion: null, numberOfEntries: Number(withoutJurisdiction[1]), designatorsAt: at + 2 });
  }
  return version < 2 ? layouts.reverse() : layouts;
}

function readDesignators(text: string, layout: THeaderLayout): TAamvaSubfileDesignator[] {
  const designators: TAamvaSubfileDesignator[] = [];
  for (let i = 0; i < layout.numberOfEntries; i++) {
    const match = DESIGNATOR.exec(text.slice(layout.designatorsAt + i * 10));
    if (!match?.[1] || !match[2] || !match[3]) break;
    designators.push({ type: match[1], offset: Number(match[2]), length: Number(match[3]) });
  }
  return designators;
}

function parseHeader(text: string): { header: TAamvaHeader; headerEnd: number; repairs: string[] } {
  const fileType = /ANSI ?|AAMVA/.exec(text.slice(0, 16));
  if (!fileType) {
    corrupt("This barcode does not hold driver's-licence data (no AAMVA header); scan the large barcode on the back of the card.");
  }
  const afterType = fileType.index + fileType[0].length;
  const ids = /^(\d{6})(\d{2})/.exec(text.slice(afterType));
  if (!ids?.[1] || !ids[2]) corrupt("The licence barcode header is damaged (no issuer number); scan the card again.");
  const issuerId = ids[1];
  const aamvaVersion = Number(ids[2]);

  const repairs: string[] = [];
  for (const layout of headerLayouts(text, afterType + 8, aamvaVersion)) {
    const subfiles = readDesignators(text, layout);
    if (!subfiles.some((s) => s.type === "DL" || s.type === "ID")) continue;
    if (subfiles.length !== layout.numberOfEntries) {
      repairs.push(`header announces ${layout.numberOfEntries} subfiles, ${subfiles.length} readable`);
    }
    if (aamvaVersion < 2 !== (layout.jurisdictionVersion === null)) {
      repairs.push(`header layout does not match version ${aamvaVersion}`);
    }
    return {
      header: {
        fileType: fileType[0].startsWith("ANSI") ? "ANSI" : "AAMVA",
        issuerId,
        aamvaVersion,
        jurisdictionVersion: layout.jurisdictionVersion,
        numberOfEntries: layout.numberOfEntries,
        subfiles,
      },
      headerEnd: layout.designatorsAt + subfiles.length * 10,
      repairs,
    };
  }
  return corrupt("The licence barcode is incomplete: it lists no driver's-licence or ID subfile. Scan the card again.");
}

/** Where a subfile's text begins: at its offset when the offset is right, else where its type first appears after the header. */
function locateSubfile(text: string, designator: TAamvaSubfileDesignator, headerEnd: number, repairs: string[]): number {
  if (text.startsWith(designator.type, designator.offset)) return designator.offset;
  const found = text.indexOf(designator.type, headerEnd);
  if (found >= 0) repairs.push(`${designator.type} subfile found at ${found}, not at its stated offset ${designator.offset}`);
  return found;
}

function readElements(body: string, into: Record<string, string>, repairs: string[]): void {
  for (const line of body.replaceAll(RECORD_SEPARATOR, "\n").replaceAll("\r", "\n").split("\n")) {
    if (line.trim() === "") continue;
    const match = ELEMENT.exec(line);
    if (!match?.[1] || match[2] === undefined) {
      repairs.push("skipped a line that is not a data element");
      continue;
    }
    // The first occurrence wins: jurisdictions must not override the standard elements.
    if (!(match[1] in into)) into[match[1]] = match[2];
  }
}

/** The AAMVA header and raw data elements of a driver's-licence/ID barcode payload; throws CORRUPT_FILE when unreadable. */
export function parseAamvaElements(payload: string): TAamvaElements {
  // Offsets count from the compliance indicator "@"; some scanners prepend a space or a symbology prefix.
  const at = payload.indexOf("@");
  if (at < 0 || at > 8) {
    corrupt("This barcode does not hold driver's-licence data (no AAMVA header); scan the large barcode on the back of the card.");
  }
  const text = payload.slice(at);
  const { header, headerEnd, repairs } = parseHeader(text);

  const main = header.subfiles.find((s) => s.type === "DL") ?? header.subfiles.find((s) => s.type === "ID");
  if (!main) return corrupt("The licence barcode lists no driver's-licence or ID subfile. Scan the card again.");
  const subfileType = main.type === "DL" ? "DL" : "ID";

  const elements: Record<string, string> = {};
  const ordered = [main, ...header.subfiles.filter((s) => s !== main)];
  for (const designator of ordered) {
    const start = locateSubfile(text, designator, headerEnd, repairs);
    const isMain = designator === main;
    if (start < 0) {
      if (isMain) corrupt(`The licence barcode is incomplete: its ${subfileType} data is missing. Scan the card again.`);
      repairs.push(`${designator.type} subfile not found`);
      continue;
    }
    // A subfile ends at its segment terminator (CR); without one, only its stated length bounds it.
    const terminator = text.indexOf("\r", start);
    const statedEnd = start + designator.length;
    if (terminator < 0 && statedEnd > text.length + LENGTH_SLACK) {
      if (isMain) {
        corrupt(`The licence barcode data is cut short (${text.length} of ${statedEnd} characters); ` + "scan the whole barcode again or retake the photo.");
      }
      repairs.push(`${designator.type} subfile is cut short`);
    }
    const end = terminator >= 0 ? terminator : Math.min(statedEnd, text.length);
    readElements(text.slice(start + designator.type.length, end), elements, repairs);
  }

  if (Object.keys(elements).length === 0) {
    corrupt(`The licence barcode's ${subfileType} subfile holds no data elements. Scan the card again.`);
  }
  return { header, subfileType, elements, repairs };
}
