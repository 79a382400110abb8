"use client";

import { useState } from "react";
import type { TFieldView, TPageSize } from "~/lib/result-view";
import { needsReview } from "~/lib/result-view";

type TProps = {
  documentId: string;
  filename: string;
  fields: TFieldView[];
  pages: TPageSize[];
  selected: string | null;
  onSelect: (key: string) => void;
};

/**
 * The first page's image with a box where each field was read. Boxes are placed in percent of the
 * page's size as the engine measured it (or the image's own size), so they follow any zoom.
 */
export function PageWithBoxes({ documentId, filename, fields, pages, selected, onSelect }: TProps) {
  const [natural, setNatural] = useState<{ width: number; height: number } | null>(null);
  const [missing, setMissing] = useState(false);
  const page = pages.find((p) => p.index === 0);
  const size = page && page.width > 0 && page.height > 0 ? page : natural;
  const boxed = fields.filter((f) => f.bbox && (f.page ?? 0) === 0);
  return (
    <figure className="page" data-testid="page-image">
      <div className="page-frame">
        {/* The stored file streamed by /files/[id]: asked of the server each time (its owner check), never kept for offline use. */}
        <img
          src={`/files/${documentId}`}
          alt={`Page 1 of ${filename}`}
          onLoad={(event) => {
            setMissing(false);
            setNatural({ width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight });
          }}
          onError={() => setMissing(true)}
        />
        {size &&
          boxed.map((field) => {
            const box = field.bbox;
            if (!box) return null;
            return (
              <button
                type="button"
                key={field.key}
                className={`box${needsReview(field) ? " low" : ""}${selected === field.key ? " selected" : ""}`}
                data-testid="field-box"
                data-field={field.key}
                aria-label={`Where ${field.label} was read`}
                style={{
                  left: `${(box.x0 / size.width) * 100}%`,
                  top: `${(box.y0 / size.height) * 100}%`,
                  width: `${((box.x1 - box.x0) / size.width) * 100}%`,
                  height: `${((box.y1 - box.y0) / size.height) * 100}%`,
                }}
                onClick={() => onSelect(field.key)}
              />
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
        {boxed.length > 0 ? `${boxed.length} field${boxed.length === 1 ? "" : "s"} marked on the page.` : "No field has a place on this page."}
      </figcaption>
    </figure>
  );
}
