// The ablation switches: the four headline ones (Block, Attention, Position, Optimizer) first, then those beside
// them; each a labelled select of its choices plus "compare both".
import { ABLATION_AXES, COMPARE, type AblationAxis } from './ablations';
import { useBuilder } from '../context';

function AxisSelect({ axis }: { axis: AblationAxis }) {
  const { mode, setMode } = useBuilder((s) => ({ mode: s.modes[axis.id], setMode: s.setMode }));
  const id = `axis-${axis.id}`;
  return (
    <div className="axis">
      <label htmlFor={id}>{axis.label}</label>
      <select id={id} value={mode} onChange={(e) => setMode(axis.id, e.target.value)}>
        {axis.options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
        <option value={COMPARE}>compare both</option>
      </select>
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
