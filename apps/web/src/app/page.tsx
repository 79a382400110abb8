import { UploadPanel } from "./_components/upload-panel";

export default function HomePage() {
  return (
    <main>
      <h1>docvault</h1>
      <p className="muted">Pick a photo or PDF of a document: its text appears here once it has been read.</p>
      <UploadPanel />
    </main>
  );
}
