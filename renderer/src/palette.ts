// Run colours: the Okabe–Ito palette, distinguishable by readers with the common forms of colour blindness.
// Runs past the eighth reuse colours with a dash pattern so lines stay tellable apart.
export const OKABE_ITO = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
  '#F0E442',
] as const;

const DASHES = [undefined, '6 3', '2 2'] as const;

export function pickRunColour(index: number): string {
  return OKABE_ITO[index % OKABE_ITO.length]!;
}

/** SVG stroke-dasharray for the run's line, or undefined for a solid line. */
export function pickRunDash(index: number): string | undefined {
  return DASHES[Math.floor(index / OKABE_ITO.length) % DASHES.length];
}
