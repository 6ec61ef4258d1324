// The ablation switches: the four headline ones (Block, Attention, Position, Optimizer) first, then those beside
// them; each a select of its choices in words plus "compare…" (then a checkbox per choice), with what the switch
// does and what the paper claims (from the claims table) underneath. Grouped-query attention asks for its number of K/V heads.
import { useBuilder } from '../context';
import { ABLATION_AXES, compareMode, isCompareMode, listAxisChoices, type AblationAxis } from './ablations';
import { findClaim } from '../../../core/claims';
import { AXIS_EXPLANATIONS } from './axis-notes';

const COMPARE_VALUE = '__compare';

function AxisSelect({ axis }: { axis: AblationAxis }) {
  const { mode, kvHeads, setMode } = useBuilder((s) => ({
    mode: s.modes[axis.id],
    kvHeads: s.modes.kvHeads ?? '',
    setMode: s.setMode,
  }));
  const id = `axis-${axis.id}`;
  const comparing = isCompareMode(mode);
  const chosen = listAxisChoices(axis, mode).map((o) => o.id);
  const explain = AXIS_EXPLANATIONS[axis.id];
  const claim = findClaim(axis.id); // every builder switch is a row of the claims table
  const needsKv = listAxisChoices(axis, mode).some((o) => o.takesKvHeads);
  const toggle = (optionId: string, on: boolean) =>
    setMode(axis.id, compareMode(axis, on ? [...chosen, optionId] : chosen.filter((c) => c !== optionId)));
  return (
    <div className="axis" data-axis={axis.id}>
      <label htmlFor={id}>{axis.label}</label>
      <select
        id={id}
        value={comparing ? COMPARE_VALUE : mode}
        aria-describedby={`${id}-note`}
        onChange={(e) =>
          setMode(
            axis.id,
            e.target.value === COMPARE_VALUE
              ? compareMode(axis, chosen.concat(axis.options.find((o) => !chosen.includes(o.id))?.id ?? []))
              : e.target.value,
          )
        }
      >
        {axis.options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
        <option value={COMPARE_VALUE}>compare…</option>
      </select>
      {comparing && (
        <fieldset className="compare-set">
          <legend className="visually-hidden">{axis.label}: choices to compare</legend>
          {axis.options.map((o) => (
            <label key={o.id}>
              <input type="checkbox" checked={chosen.includes(o.id)} onChange={(e) => toggle(o.id, e.target.checked)} />{' '}
              {o.label}
            </label>
          ))}
          {chosen.length < 2 && <span className="issue">Pick at least two to compare.</span>}
        </fieldset>
      )}
      {needsKv && (
        <label className="kv-heads">
          K/V heads (k){' '}
          <input
            type="text"
            inputMode="numeric"
            value={kvHeads}
            onChange={(e) => setMode('kvHeads', e.target.value)}
            aria-label="Grouped attention: K/V heads"
          />
        </label>
      )}
      <p className="axis-note" id={`${id}-note`}>
        {explain}{' '}
        <span className="claim">
          Paper ({claim.source}): {claim.claim}
        </span>
      </p>
    </div>
  );
}

export function AblationControls() {
  return (
    <>
      <fieldset className="axes">
        <legend>Headline ablations</legend>
        {ABLATION_AXES.filter((a) => a.headline).map((a) => (
          <AxisSelect key={a.id} axis={a} />
        ))}
      </fieldset>
      <fieldset className="axes">
        <legend>Beside them</legend>
        {ABLATION_AXES.filter((a) => !a.headline).map((a) => (
          <AxisSelect key={a.id} axis={a} />
        ))}
      </fieldset>
    </>
  );
}
