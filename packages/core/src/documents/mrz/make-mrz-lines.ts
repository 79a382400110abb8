import { computeCheckDigit } from "./check-digit";

/** The fields an MRZ is made of, as printed (upper case, '<' for spaces); dates YYMMDD. */
export type TMrzFields = {
  code: string;
  state: string;
  surname: string;
  givenNames: string;
  number: string;
  nationality: string;
  birth: string;
  sex: string;
  expiry: string;
  /** Personal number (TD3) or optional data (TD1 line 1 and TD2). */
  optional?: string;
  /** TD1 line 2 optional data. */
  optional2?: string;
};

const pad = (text: string, length: number) => text.padEnd(length, "<").slice(0, length);
const digit = (text: string) => String(computeCheckDigit(text) ?? 0);
const nameField = (fields: TMrzFields, length: number) => pad(`${fields.surname.replace(/ /g, "<")}<<${fields.givenNames.replace(/ /g, "<")}`, length);

/** TD3 (passport, 2 x 44) lines with every check digit computed. */
export function makeTd3(fields: TMrzFields): string[] {
  const number = pad(fields.number, 9);
  const personal = pad(fields.optional ?? "", 14);
  const personalDigit = /^<*$/.test(personal) ? "<" : digit(personal);
  const head = `${number}${digit(number)}${pad(fields.nationality, 3)}${fields.birth}${digit(fields.birth)}${fields.sex}${fields.expiry}${digit(fields.expiry)}`;
  const composite = digit(`${head.slice(0, 10)}${head.slice(13, 20)}${head.slice(21, 28)}${personal}${personalDigit}`);
  return [`${pad(fields.code, 2)}${pad(fields.state, 3)}${nameField(fields, 39)}`, `${head}${personal}${personalDigit}${composite}`];
}

/** TD2 (ID card, 2 x 36) lines with every check digit computed. */
export function makeTd2(fields: TMrzFields): string[] {
  const number = pad(fields.number, 9);
  const optional = pad(fields.optional ?? "", 7);
  const head = `${number}${digit(number)}${pad(fields.nationality, 3)}${fields.birth}${digit(fields.birth)}${fields.sex}${fields.expiry}${digit(fields.expiry)}`;
  const composite = digit(`${head.slice(0, 10)}${head.slice(13, 20)}${head.slice(21, 28)}${optional}`);
  return [`${pad(fields.code, 2)}${pad(fields.state, 3)}${nameField(fields, 31)}`, `${head}${optional}${composite}`];
}

/** TD1 (ID card, 3 x 30) lines with every check digit computed (document numbers of nine characters at most). */
export function makeTd1(fields: TMrzFields): string[] {
  const number = pad(fields.number, 9);
  const line1 = `${pad(fields.code, 2)}${pad(fields.state, 3)}${number}${digit(number)}${pad(fields.optional ?? "", 15)}`;
  const dates = `${fields.birth}${digit(fields.birth)}${fields.sex}${fields.expiry}${digit(fields.expiry)}`;
  const optional2 = pad(fields.optional2 ?? "", 11);
  const composite = digit(`${line1.slice(5, 30)}${dates.slice(0, 7)}${dates.slice(8, 15)}${optional2}`);
  return [line1, `${dates}${pad(fields.nationality, 3)}${optional2}${composite}`, nameField(fields, 30)];
}
