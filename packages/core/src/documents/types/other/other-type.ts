import { defineDocumentType } from "../document-type";
import { textField } from "../shared-fields";

/** What no other type claims: kept with its text, searchable, with a title a person may give it. */
export const otherType = defineDocumentType({
  name: "other",
  label: "Other",
  personal: false,
  fields: { title: textField },
  fieldLabels: { title: "Title" },
  required: [],
});
