import { DOCUMENT_TYPE_DEFINITIONS } from "@docvault/core";
import type { Metadata } from "next";
import { DocumentsList } from "~/components/documents-list";

export const metadata: Metadata = { title: "Documents" };

export default function DocumentsPage() {
  return (
    <>
      <h1>Documents</h1>
      <DocumentsList types={DOCUMENT_TYPE_DEFINITIONS.map((d) => ({ name: d.name, label: d.label }))} />
    </>
  );
}
