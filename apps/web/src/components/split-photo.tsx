"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useRef, useState, type CSSProperties, type FormEvent, type PointerEvent } from "react";
import { MAX_SPLIT_PARTS, type TImageRegion } from "@docvault/core";
import { boxFromDrag, describeBox, isBigEnough, pointIn, PRESET_LAYOUTS, withBox } from "~/lib/image-regions-input";
import { useTRPC } from "~/trpc/client";
import { SplitParts, useSplitDocument } from "./split-parts";
import { FormError } from "./form-error";

type TDrag = { pointerId: number; start: { x: number; y: number } };

const place = (box: TImageRegion): CSSProperties => ({
  left: `${box.x * 100}%`,
  top: `${box.y * 100}%`,
  width: `${box.width * 100}%`,
  height: `${box.height * 100}%`,
});

/**
 * Splits a photo of several receipts (laid on a table and photographed together) by boxes: a
 * person drags a box around each receipt on the photo (mouse, pen or finger), picks a layout, or
 * has the server find the receipts, then removes any box that is wrong. Each box becomes a
 * document of its own, read on its own. The photo is the stored file as the browser shows it
 * (upright by its EXIF orientation), which is how the server cuts it.
 */
export function SplitPhoto({ documentId, filename }: { documentId: string; filename: string }) {
  const trpc = useTRPC();
  const id = useId();
  const photo = useRef<HTMLImageElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const drag = useRef<TDrag | null>(null);
  const [boxes, setBoxes] = useState<TImageRegion[]>([]);
  const [draft, setDraft] = useState<TImageRegion | null>(null);
  const [deleteOriginal, setDeleteOriginal] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const split = useSplitDocument(documentId);
  const suggestions = useQuery(trpc.documents.suggestRegions.queryOptions({ documentId }, { enabled: false, retry: false }));

  const at = (event: PointerEvent<HTMLElement>) => {
    // The image, not its frame: the frame's border is not part of the picture the boxes are fractions of.
    const rect = photo.current?.getBoundingClientRect();
    return rect ? pointIn(rect, event.clientX, event.clientY) : { x: 0, y: 0 };
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    // The primary button, a finger or a pen touching; a second finger while one draws is ignored.
    if (event.button !== 0 || drag.current) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    const start = at(event);
    drag.current = { pointerId: event.pointerId, start };
    setDraft({ ...start, width: 0, height: 0 });
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const current = drag.current;
    if (current?.pointerId !== event.pointerId) return;
    setDraft(boxFromDrag(current.start, at(event)));
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    const current = drag.current;
    if (current?.pointerId !== event.pointerId) return;
    drag.current = null;
    setDraft(null);
    const box = boxFromDrag(current.start, at(event));
    // A tap is not a box; a short drag is told why nothing was added.
    if (box.width < 0.01 && box.height < 0.01) return;
    if (!isBigEnough(box)) {
      setNotice("That box is too small to read: drag across a whole receipt.");
      return;
    }
    if (boxes.length >= MAX_SPLIT_PARTS) {
      setNotice(`A photo can be split into at most ${MAX_SPLIT_PARTS} parts at a time.`);
      return;
    }
    setBoxes(withBox(boxes, box));
    setNotice(`Box ${boxes.length + 1} added.`);
  };
  const onPointerCancel = (event: PointerEvent<HTMLDivElement>) => {
    if (drag.current?.pointerId !== event.pointerId) return;
    drag.current = null;
    setDraft(null);
  };

  const replaceBoxes = (next: TImageRegion[], said: string) => {
    setError(null);
    setBoxes(next);
    setNotice(said);
  };
  const remove = (index: number) => {
    setBoxes(boxes.filter((_, i) => i !== index));
    setNotice(`Box ${index + 1} removed${boxes.length > 1 ? "; the boxes after it are numbered one less" : ""}.`);
    // The button pressed is gone: focus stays in the list rather than falling back to the page.
    list.current?.focus();
  };
  const findReceipts = async () => {
    setError(null);
    setNotice("Looking for receipts…");
    const { data, error: failed } = await suggestions.refetch();
    if (failed) {
      setNotice(null);
      setError(failed.message);
      return;
    }
    const found = data?.regions ?? [];
    if (found.length === 0) {
      setNotice("No receipt stood out from the background: draw the boxes, or pick a layout.");
      return;
    }
    replaceBoxes(found, `Found ${found.length} receipt${found.length === 1 ? "" : "s"}: check the boxes, remove any that is wrong, then split.`);
  };
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (boxes.length === 0) {
      setError("Draw at least one box around a receipt on the photo.");
      return;
    }
    try {
      await split.mutateAsync({ documentId, regions: boxes, deleteOriginal });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <details className="split-document" data-testid="split-photo">
      <summary>Split into several documents</summary>
      <form onSubmit={(event) => void onSubmit(event)}>
        <p className="muted small" id={`${id}-hint`}>
          Several receipts in one photo? Drag a box around each one on the photo, pick a layout, or let docvault find them. Each box becomes a document of its
          own, read on its own; the rest of the photo stays only in the original.
        </p>
        <div
          className="page-frame split-photo-frame"
          role="group"
          aria-label={`${filename}: drag across a receipt to draw a box around it`}
          aria-describedby={`${id}-hint`}
          data-testid="split-photo-frame"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerCancel}
        >
          {/* Asked of the server each time (its owner check), as the result page's image is. */}
          <img ref={photo} src={`/files/${documentId}`} alt={`The photo ${filename}`} draggable={false} loading="lazy" onError={() => setMissing(true)} />
          {boxes.map((box, i) => (
            <div key={`${i}-${box.x}-${box.y}`} className="box" style={place(box)} data-testid="split-box">
              <span className="box-number">{i + 1}</span>
            </div>
          ))}
          {draft && <div className="box selected" style={place(draft)} />}
        </div>
        {missing && <p className="small">The photo cannot be shown here: pick a layout or find the receipts instead.</p>}
        <div className="actions" role="group" aria-label="Boxes without drawing">
          {PRESET_LAYOUTS.map((preset) => (
            <button
              type="button"
              className="secondary"
              key={preset.label}
              onClick={() => replaceBoxes(preset.regions, `${preset.regions.length} boxes, ${preset.label}.`)}
            >
              {preset.label}
            </button>
          ))}
          <button type="button" className="secondary" disabled={suggestions.isFetching} onClick={() => void findReceipts()}>
            {suggestions.isFetching ? "Finding receipts…" : "Find receipts"}
          </button>
        </div>
        <p className="small" role="status">
          {notice}
        </p>
        <ol className="rows" ref={list} tabIndex={-1} aria-label="Boxes to split by">
          {boxes.map((box, i) => (
            <li key={`${i}-${box.x}-${box.y}`} className="row row-head" data-testid="split-box-row">
              <span>
                Box {i + 1}: {describeBox(box)}
              </span>
              <button type="button" className="secondary" aria-label={`Remove box ${i + 1}`} onClick={() => remove(i)}>
                Remove
              </button>
            </li>
          ))}
        </ol>
        <label>
          <input type="checkbox" checked={deleteOriginal} onChange={(event) => setDeleteOriginal(event.target.checked)} /> Delete the original after splitting
        </label>
        <button type="submit" className="secondary" disabled={split.isPending || boxes.length === 0}>
          {split.isPending ? "Splitting…" : boxes.length === 0 ? "Split" : `Split into ${boxes.length} document${boxes.length === 1 ? "" : "s"}`}
        </button>
        <FormError message={error} />
      </form>
      {split.data && <SplitParts result={split.data} already="this part of the photo" />}
    </details>
  );
}
