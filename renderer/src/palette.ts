// Run colours: Okabe–Ito without its yellow (invisible on white), distinguishable with the common forms of colour
// blindness. A run keeps the style it got when it was created, so deleting or hiding a run never recolours another.
export const RUN_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'] as const;

/** Dash patterns, used only once every colour is taken by a live run (undefined = solid). */
const DASHES = [undefined, '6 3', '2 2'] as const;

export interface RunStyle {
  colour: string;
  /** SVG stroke-dasharray, or undefined for a solid line. */
  dash?: string;
}

/** FNV-1a of the id: a run's preferred colour, the same in every session. */
export function hashRunId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const sameStyle = (a: RunStyle, b: RunStyle) => a.colour === b.colour && a.dash === b.dash;

/**
 * The style of a new run: its hashed colour, or the next colour no other run uses; dashed variants only when all
 * seven solid colours are taken. Deterministic for a given id and set of taken styles.
 */
export function pickRunStyle(id: string, taken: readonly RunStyle[]): RunStyle {
  const start = hashRunId(id) % RUN_COLOURS.length;
  for (const dash of DASHES) {
    for (let k = 0; k < RUN_COLOURS.length; k++) {
      const style: RunStyle = { colour: RUN_COLOURS[(start + k) % RUN_COLOURS.length]!, dash };
      if (!taken.some((t) => sameStyle(t, style))) return dash === undefined ? { colour: style.colour } : style;
    }
  }
  return { colour: RUN_COLOURS[start]! };
}

/** Styles for runs created together, each avoiding those already taken and those picked before it. */
export function pickRunStyles(ids: readonly string[], taken: readonly RunStyle[]): RunStyle[] {
  const all = [...taken];
  return ids.map((id) => {
    const style = pickRunStyle(id, all);
    all.push(style);
    return style;
  });
}
