import type { Metadata } from "next";
import { FailedJobs } from "~/components/failed-jobs";
import { ReviewQueue } from "~/components/review-queue";

export const metadata: Metadata = { title: "Review" };

export default function ReviewPage() {
  return (
    <>
      <h1>Review</h1>
      <p className="muted">Documents with fields read with low confidence, waiting for a person to confirm or correct them.</p>
      <ReviewQueue />
      <FailedJobs />
    </>
  );
}
