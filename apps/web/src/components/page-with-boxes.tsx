"use client";

import { useEffect, useRef, useState } from "react";
import { methodText } from "~/lib/field-method";
import type { TFieldView, TPageSize } from "~/lib/result-view";
import { needsReview } from "~/lib/result-view";
import styles from "./page-with-boxes.module.css";

type TProps = {
  documentId: string;
  filename: string;
  mimeType: string;
  fields: TFieldView[];
  pages: TPageSize[];
  selected: string | null;
  onSelect: (key: string) => void;
};

/**
 * Every page of the document with a box where each field was read, its method and confidence. An
 * image is its one page (/files/[id]); a PDF's pages are drawn by /files/[id]/pages/[n], each asked
 * for only when scrolled near. Boxes are placed in percent of the page's size as the engine
 * measured it (PDF points, image pixels), so they follow any zoom and any drawing resolution.
 * The selected field's box is scrolled into view, so focus on a field shows where it was read.
 */
export function PageWithBoxes({ documentId, filename, mimeType, fields, pages, selected, onSelect }: TProps) {
  const list = useRef<HTMLDivElement>(null);
  const pdf = mimeType === "application/pdf";
  // The engine measured every page of a PDF; before it has (still reading), the first page shows alone.
  const count = pdf ? Math.max(1, ...pages.map((p) => p.index + 1)) : 1;

  useEffect(() => {
    const container = list.current;
    if (!selected || !container) return;
    // Only where the pages have a column of their own (wide screens): on a phone they sit above the
    // fields, and scrolling up to them would take the person away from the field they touched.
    if (getComputedStyle(container).overflowY === "visible") return;
    const box = container.querySelector(`[data-testid="field-box"][data-field="${CSS.escape(selected)}"]`);
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    box?.scrollIntoView({ block: "nearest", inline: "nearest", behavior: still ? "auto" : "smooth" });
  }, [selected]);

  return (
    // Focusable: on wide screens the pages scroll in their own column, which a keyboard must reach too.
    <div className={styles.pages} ref={list} tabIndex={0} role="region" aria-label={`Pages of ${filename}`}>
      {Array.from({ length: count }, (_, index) => (
        <PageFigure
          key={index}
          index={index}
          count={count}
          src={pdf ? `/files/${documentId}/pages/${index + 1}` : `/files/${documentId}`}
          filename={filename}
          measured={pages.find((p) => p.index === index && p.width > 0 && p.height > 0) ?? null}
          // A PDF's boxes are in points, which its drawn image's pixels are not: without the measured size, no boxes.
          trustImageSize={!pdf}
          fields={fields.filter((f) => f.bbox && (f.page ?? 0) === index)}
          selected={selected}
          onSelect={onSelect}
        />
      ))}
    </div>
  );
}

type TPageProps = {
  index: number;
  count: number;
  src: string;
  filename: string;
  measured: TPageSize | null;
  trustImageSize: boolean;
  fields: TFieldView[];
  selected: string | null;
  onSelect: (key: string) => void;
};

function PageFigure({ index, count, src, filename, measured, trustImageSize, fields, selected, onSelect }: TPageProps) {
  const [natural, setNatural] = useState<{ width: number; height: number } | null>(null);
  const [missing, setMissing] = useState(false);
  const size = measured ?? (trustImageSize ? natural : null);
  const marked = size ? fields.length : 0;
  return (
    <figure className="page" data-testid="page-image" data-page={index + 1}>
      <div className="page-frame">
        {/* Asked of the server each time (its owner check), never kept for offline use. */}
        <img
          src={src}
          alt={`Page ${index + 1} of ${filename}`}
          // The page's proportions hold its place before it loads, so only the pages in view are fetched.
          {...(measured ? { width: Math.round(measured.width), height: Math.round(measured.height) } : {})}
          loading={index === 0 ? "eager" : "lazy"}
          onLoad={(event) => {
            setMissing(false);
            setNatural({ width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight });
          }}
          onError={() => setMissing(true)}
        />
        {size &&
          fields.map((field) => {
            const box = field.bbox;
            if (!box) return null;
            const isSelected = selected === field.key;
            // What was read here and how sure; the name starts with the tag's words, so speech input finds it by what it shows.
            const evidence = `${field.label}: ${methodText(field.method)}, ${Math.round(field.confidence * 100)}%`;
            return (
              <button
                type="button"
                key={field.key}
                className={`box ${styles.box}${needsReview(field) ? " low" : ""}${isSelected ? " selected" : ""}`}
                data-testid="field-box"
                data-field={field.key}
                data-selected={isSelected ? "true" : undefined}
                aria-label={`${evidence}, where it was read`}
                aria-pressed={isSelected}
                title={evidence}
                style={{
                  left: `${(box.x0 / size.width) * 100}%`,
                  top: `${(box.y0 / size.height) * 100}%`,
                  width: `${((box.x1 - box.x0) / size.width) * 100}%`,
                  height: `${((box.y1 - box.y0) / size.height) * 100}%`,
                }}
                onClick={() => onSelect(field.key)}
              >
                {isSelected && (
                  <span className={styles.boxTag} data-testid="box-tag">
                    {evidence}
                  </span>
                )}
              </button>
            );
          })}
      </div>
      {missing && (
        <p className="small" data-testid="page-image-missing">
          {navigator.onLine
            ? "The page image could not be loaded. Reload the page to try again."
            : "The page image is not kept on this device: it shows when you are back online."}
        </p>
      )}
      <figcaption className="muted small">
        {count > 1 ? `Page ${index + 1} of ${count}: ` : ""}
        {marked > 0 ? `${marked} field${marked === 1 ? "" : "s"} marked on the page.` : "No field has a place on this page."}
      </figcaption>
    </figure>
  );
}
