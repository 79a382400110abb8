/** Where an AAMVA Issuer Identification Number (IIN) points: jurisdiction code and ISO 3166-1 alpha-3 country. */
export type TAamvaIssuer = { jurisdiction: string | null; country: "USA" | "CAN" | "MEX" };

// AAMVA's published IIN list; it lets us name the issuer when DCG/DAJ are absent (version 1 has no DCG).
const ISSUERS: Record<string, TAamvaIssuer> = {
  "604426": { jurisdiction: "PE", country: "CAN" },
  "604427": { jurisdiction: "AS", country: "USA" },
  "604428": { jurisdiction: "QC", country: "CAN" },
  "604429": { jurisdiction: "YT", country: "CAN" },
  "604430": { jurisdiction: "MP", country: "USA" },
  "604431": { jurisdiction: "PR", country: "USA" },
  "604432": { jurisdiction: "AB", country: "CAN" },
  "604433": { jurisdiction: "NU", country: "CAN" },
  "604434": { jurisdiction: "NT", country: "CAN" },
  "636000": { jurisdiction: "VA", country: "USA" },
  "636001": { jurisdiction: "NY", country: "USA" },
  "636002": { jurisdiction: "MA", country: "USA" },
  "636003": { jurisdiction: "MD", country: "USA" },
  "636004": { jurisdiction: "NC", country: "USA" },
  "636005": { jurisdiction: "SC", country: "USA" },
  "636006": { jurisdiction: "CT", country: "USA" },
  "636007": { jurisdiction: "LA", country: "USA" },
  "636008": { jurisdiction: "MT", country: "USA" },
  "636009": { jurisdiction: "NM", country: "USA" },
  "636010": { jurisdiction: "FL", country: "USA" },
  "636011": { jurisdiction: "DE", country: "USA" },
  "636012": { jurisdiction: "ON", country: "CAN" },
  "636013": { jurisdiction: "NS", country: "CAN" },
  "636014": { jurisdiction: "CA", country: "USA" },
  "636015": { jurisdiction: "TX", country: "USA" },
  "636016": { jurisdiction: "NL", country: "CAN" },
  "636017": { jurisdiction: "NB", country: "CAN" },
  "636018": { jurisdiction: "IA", country: "USA" },
  "636019": { jurisdiction: "GU", country: "USA" },
  "636020": { jurisdiction: "CO", country: "USA" },
  "636021": { jurisdiction: "AR", country: "USA" },
  "636022": { jurisdiction: "KS", country: "USA" },
  "636023": { jurisdiction: "OH", country: "USA" },
  "636024": { jurisdiction: "VT", country: "USA" },
  "636025": { jurisdiction: "PA", country: "USA" },
  "636026": { jurisdiction: "AZ", country: "USA" },
  // The State Department issues diplomats' licences for no single jurisdiction.
  "636027": { jurisdiction: null, country: "USA" },
  "636028": { jurisdiction: "BC", country: "CAN" },
  "636029": { jurisdiction: "OR", country: "USA" },
  "636030": { jurisdiction: "MO", country: "USA" },
  "636031": { jurisdiction: "WI", country: "USA" },
  "636032": { jurisdiction: "MI", country: "USA" },
  "636033": { jurisdiction: "AL", country: "USA" },
  "636034": { jurisdiction: "ND", country: "USA" },
  "636035": { jurisdiction: "IL", country: "USA" },
  "636036": { jurisdiction: "NJ", country: "USA" },
  "636037": { jurisdiction: "IN", country: "USA" },
  "636038": { jurisdiction: "MN", country: "USA" },
  "636039": { jurisdiction: "NH", country: "USA" },
  "636040": { jurisdiction: "UT", country: "USA" },
  "636041": { jurisdiction: "ME", country: "USA" },
  "636042": { jurisdiction: "SD", country: "USA" },
  "636043": { jurisdiction: "DC", country: "USA" },
  "636044": { jurisdiction: "SK", country: "CAN" },
  "636045": { jurisdiction: "WA", country: "USA" },
  "636046": { jurisdiction: "KY", country: "USA" },
  "636047": { jurisdiction: "HI", country: "USA" },
  "636048": { jurisdiction: "MB", country: "CAN" },
  "636049": { jurisdiction: "NV", country: "USA" },
  "636050": { jurisdiction: "ID", country: "USA" },
  "636051": { jurisdiction: "MS", country: "USA" },
  "636052": { jurisdiction: "RI", country: "USA" },
  "636053": { jurisdiction: "TN", country: "USA" },
  "636054": { jurisdiction: "NE", country: "USA" },
  "636055": { jurisdiction: "GA", country: "USA" },
  "636056": { jurisdiction: "CU", country: "MEX" },
  "636057": { jurisdiction: "HL", country: "MEX" },
  "636058": { jurisdiction: "OK", country: "USA" },
  "636059": { jurisdiction: "AK", country: "USA" },
  "636060": { jurisdiction: "WY", country: "USA" },
  "636061": { jurisdiction: "WV", country: "USA" },
  "636062": { jurisdiction: "VI", country: "USA" },
};

const CANADIAN_JURISDICTIONS = new Set(["AB", "BC", "MB", "NB", "NL", "NF", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"]);

export function issuerById(issuerId: string): TAamvaIssuer | undefined {
  return ISSUERS[issuerId];
}

/** The country of a two-letter jurisdiction code; AAMVA members outside Canada are US states and territories. */
export function countryOfJurisdiction(code: string): "USA" | "CAN" | null {
  if (!/^[A-Z]{2}$/.test(code)) return null;
  return CANADIAN_JURISDICTIONS.has(code) ? "CAN" : "USA";
}
