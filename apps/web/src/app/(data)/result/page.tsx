import type { Metadata } from "next";
import { Suspense } from "react";
import { ResultScreen } from "~/components/result-screen";

export const metadata: Metadata = { title: "Result" };

// One page for every document (/result?id=…), so its cached copy opens any kept result offline.
export default function ResultPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <ResultScreen />
    </Suspense>
  );
}
