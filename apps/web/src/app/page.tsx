import { CapturePanel } from "~/components/capture-panel";

export default function CapturePage() {
  return (
    <>
      <h1>Capture</h1>
      <CapturePanel />
    </>
  );
}
