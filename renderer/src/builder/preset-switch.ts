// Switching preset keeps what the user set (pure): a setting changed from the previous preset's value stays unless
// the new preset sets that key itself; seeds per run likewise, unless the new preset asks for more than one. So
// "3 seeds, 400 steps" survives a move from one claim's preset to another's.
import type { ConfigInput } from '../../../core/config';
import { draftFromInput } from './draft';
import type { Preset } from './presets';

type Sections = Record<string, Record<string, unknown> | undefined>;

export interface Kept {
  draft: ConfigInput;
  seeds: string;
}

/** The draft and seeds after moving from `previous` (null: nothing to keep, e.g. an imported spec) to `next`. */
export function switchPreset(current: Kept, previous: Preset | null, next: Preset): Kept {
  const draft = draftFromInput(next.base) as Sections;
  if (!previous) return { draft: draft as ConfigInput, seeds: String(next.seeds) };
  const before = draftFromInput(previous.base) as Sections;
  const now = current.draft as Sections;
  const setByNext = next.base as Sections;
  const out: Sections = {};
  for (const [section, values] of Object.entries(draft)) {
    if (values === null || typeof values !== 'object') {
      out[section] = values;
      continue;
    }
    out[section] = { ...values };
    for (const key of Object.keys(values)) {
      const mine = now[section]?.[key];
      const changed = JSON.stringify(mine) !== JSON.stringify(before[section]?.[key]);
      if (changed && mine !== undefined && setByNext[section]?.[key] === undefined) out[section]![key] = mine;
    }
  }
  const seedsChanged = current.seeds !== String(previous.seeds);
  return { draft: out as ConfigInput, seeds: seedsChanged && next.seeds === 1 ? current.seeds : String(next.seeds) };
}
