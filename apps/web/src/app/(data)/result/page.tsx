import type { Metadata } from "next";
import { DOCUMENT_TYPE_DEFINITIONS } from "@docvault/core";
import { Suspense } from "react";
import { ResultScreen } from "~/components/result-screen";

export const metadata: Metadata = { title: "Result" };

// One page for every document (/result?id=…), so its cached copy opens any kept result offline.
export default function ResultPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      {/* The types a person may correct a document to: those read from their words (a passport is read from its MRZ). */}
      <ResultScreen types={DOCUMENT_TYPE_DEFINITIONS.filter((d) => d.structure).map((d) => ({ name: d.name, label: d.label }))} />
    </Suspense>
  );
}
