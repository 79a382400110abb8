/** @jsxImportSource preact */
/**
 * Straightening a photo before it is sent (issue 20, part 1): the page's four corners, as the
 * file-check worker found them (OpenCV.js), drawn on the photo for the person to correct, by
 * dragging a corner (mouse, pen or finger) or with the arrow keys on a focused corner (Shift for
 * larger steps). "Straighten and send" warps the page flat and crops it on this device; the
 * original can be kept too, as a document of its own.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { TCorner, TCorners } from "~/lib/file-check-types";

const CORNER_NAMES = ["Top-left", "Top-right", "Bottom-right", "Bottom-left"] as const;
const KEY_STEPS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
/** A key press moves a corner by this share of the photo (five times as far with Shift). */
const KEY_STEP = 0.005;

const clamp = (n: number) => Math.min(1, Math.max(0, n));

type TProps = {
  file: File;
  corners: TCorners;
  busy: boolean;
  onStraighten(corners: TCorners, keepOriginal: boolean): void;
  onAsIs(): void;
  onRemove(): void;
};

export function StraightenPhoto({ file, corners: found, busy, onStraighten, onAsIs, onRemove }: TProps) {
  const [corners, setCorners] = useState<TCorners>(found);
  const [keepOriginal, setKeepOriginal] = useState(false);
  const [src, setSrc] = useState("");
  const frame = useRef<HTMLDivElement>(null);
  const dragging = useRef<number | null>(null);

  useEffect(() => {
    const url = URL.createObjectURL(file);
    setSrc(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const move = (index: number, to: (corner: TCorner) => TCorner) =>
    setCorners((current) => current.map((corner, i) => (i === index ? to(corner) : corner)) as TCorners);
  const placeAt = (index: number, event: PointerEvent) => {
    const rect = frame.current?.getBoundingClientRect();
    if (!rect || rect.width === 0 || rect.height === 0) return;
    move(index, () => ({ x: clamp((event.clientX - rect.left) / rect.width), y: clamp((event.clientY - rect.top) / rect.height) }));
  };

  return (
    <div class="straighten" data-testid="straighten">
      <p class="small">The page&apos;s edges were found. Move a corner if it is off (drag it, or focus it and use the arrow keys), then send.</p>
      <div class="corner-frame" ref={frame}>
        {src && <img src={src} alt={`The photo ${file.name}, with the page's outline`} />}
        <svg viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true">
          <polygon points={corners.map((c) => `${c.x * 100},${c.y * 100}`).join(" ")} />
        </svg>
        {corners.map((corner, index) => (
          <button
            key={CORNER_NAMES[index]}
            type="button"
            class="corner-handle"
            style={{ left: `${corner.x * 100}%`, top: `${corner.y * 100}%` }}
            aria-label={`${CORNER_NAMES[index]} corner of the page`}
            aria-description="Move it with the arrow keys, Shift for larger steps"
            data-testid="corner-handle"
            data-x={corner.x.toFixed(3)}
            data-y={corner.y.toFixed(3)}
            onPointerDown={(event) => {
              event.currentTarget.setPointerCapture(event.pointerId);
              dragging.current = index;
            }}
            onPointerMove={(event) => {
              if (dragging.current === index) placeAt(index, event);
            }}
            onPointerUp={() => (dragging.current = null)}
            onPointerCancel={() => (dragging.current = null)}
            onKeyDown={(event) => {
              const step = KEY_STEPS[event.key];
              if (!step) return;
              event.preventDefault();
              const by = event.shiftKey ? KEY_STEP * 5 : KEY_STEP;
              move(index, (c) => ({ x: clamp(c.x + step[0] * by), y: clamp(c.y + step[1] * by) }));
            }}
          />
        ))}
      </div>
      <label class="small">
        <input type="checkbox" checked={keepOriginal} onChange={(event) => setKeepOriginal(event.currentTarget.checked)} /> Also keep the original photo
      </label>
      <div class="actions">
        <button type="button" disabled={busy} onClick={() => onStraighten(corners, keepOriginal)}>
          {busy ? "Straightening…" : "Straighten and send"}
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={onAsIs}>
          Send as it is
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={onRemove}>
          Remove <span class="visually-hidden">{file.name}</span>
        </button>
      </div>
    </div>
  );
}

/** Corners this close to the photo's own corners mean the page already fills it (a scan): nothing to straighten. */
const FILLS_FRAME = 0.03;

const FRAME = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
] as const;

export function fillsFrame(corners: TCorners): boolean {
  return corners.every((corner, i) => {
    const [x, y] = FRAME[i] ?? [0.5, 0.5];
    return Math.abs(corner.x - x) <= FILLS_FRAME && Math.abs(corner.y - y) <= FILLS_FRAME;
  });
}
