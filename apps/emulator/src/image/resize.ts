/**
 * The resize action's geometry (https://www.alibabacloud.com/help/en/oss/user-guide/resize-images-4):
 * modes `lfit` (default), `mfit`, `fill`, `pad`, `fixed` over `w`/`h`, or the longest (`l`) and
 * shortest (`s`) side, or a percentage (`p`); `limit_1` (default) never enlarges; `color` pads.
 * Pure arithmetic, so every rule is testable without decoding an image.
 */
import type { ImageAction } from './process-string.js';
import { imageError, intParam } from './process-string.js';

/** Largest width or height OSS produces (resize reference, "Limits on resized images"). */
export const MAX_OUTPUT_SIDE = 16384;

const MODES = ['lfit', 'mfit', 'fill', 'pad', 'fixed'] as const;
type Mode = (typeof MODES)[number];

/** What to do: scale to `width`×`height`, then crop (`fill`) or pad (`pad`) to `box`. */
export interface ResizePlan {
  width: number;
  height: number;
  /** `fill`: centre-crop to this box; `pad`: centre the image on this box filled with `color`. */
  box?: { width: number; height: number; fit: 'crop' | 'pad' };
  /** `#RRGGBB` for `pad`. */
  color: string;
}

function modeOf(action: ImageAction): Mode {
  const m = action.params.get('m') ?? 'lfit';
  if (!(MODES as readonly string[]).includes(m)) {
    throw imageError(`The resize mode m must be one of ${MODES.join(', ')}, got "${m}".`, '0040-00000311');
  }
  return m as Mode;
}

function colorOf(action: ImageAction): string {
  const color = action.params.get('color') ?? 'FFFFFF';
  if (!/^[0-9A-Fa-f]{6}$/.test(color)) throw imageError(`The resize color must be six hex digits (RRGGBB), got "${color}".`);
  return `#${color}`;
}

const round = (n: number) => Math.max(1, Math.round(n));

/**
 * The plan for resizing a `srcWidth`×`srcHeight` image, or undefined when the image stays as it is
 * (`limit_1` and a target larger than the source).
 */
export function planResize(action: ImageAction, srcWidth: number, srcHeight: number): ResizePlan | undefined {
  const mode = modeOf(action);
  const color = colorOf(action);
  const w = intParam(action, 'w', 1, MAX_OUTPUT_SIDE);
  const h = intParam(action, 'h', 1, MAX_OUTPUT_SIDE);
  const l = intParam(action, 'l', 1, MAX_OUTPUT_SIDE);
  const s = intParam(action, 's', 1, MAX_OUTPUT_SIDE);
  const p = intParam(action, 'p', 1, 1000);
  const limit = intParam(action, 'limit', 0, 1) ?? 1;
  if ([w, h, l, s, p].every((v) => v === undefined)) {
    throw imageError('The resize action needs w, h, l, s or p.', '0040-00000322');
  }
  // w/h take precedence over l/s (resize reference: "l and s do not take effect" with w or h).
  let boxW = w;
  let boxH = h;
  if (boxW === undefined && boxH === undefined && p === undefined) {
    const landscape = srcWidth >= srcHeight;
    const long = l;
    const short = s;
    boxW = landscape ? long : short;
    boxH = landscape ? short : long;
  }
  let plan: ResizePlan;
  if (boxW === undefined && boxH === undefined) {
    plan = { width: round((srcWidth * p!) / 100), height: round((srcHeight * p!) / 100), color };
  } else if (boxW === undefined || boxH === undefined) {
    // One side given: proportional in every mode.
    const scale = boxW !== undefined ? boxW / srcWidth : boxH! / srcHeight;
    plan = { width: round(srcWidth * scale), height: round(srcHeight * scale), color };
  } else if (mode === 'fixed') {
    plan = { width: boxW, height: boxH, color };
  } else {
    const fitsInside = mode === 'lfit' || mode === 'pad';
    const scale = (fitsInside ? Math.min : Math.max)(boxW / srcWidth, boxH / srcHeight);
    plan = { width: round(srcWidth * scale), height: round(srcHeight * scale), color };
    if (mode === 'fill') plan.box = { width: boxW, height: boxH, fit: 'crop' };
    if (mode === 'pad') plan.box = { width: boxW, height: boxH, fit: 'pad' };
  }
  if (limit === 1 && (plan.width > srcWidth || plan.height > srcHeight)) return undefined;
  if (plan.width > MAX_OUTPUT_SIDE || plan.height > MAX_OUTPUT_SIDE) {
    throw imageError(`The resized image would exceed ${MAX_OUTPUT_SIDE} pixels per side.`);
  }
  return plan;
}
