// Verdict cards: for the finished runs of each experiment, one card per claim they test (core/report's verdicts):
// the verdict, each effect's Δ ± 95% interval with n seeds, a small interval plot, and the scale it holds at.
import { useMemo } from 'react';
import { useServices, useWorkbench } from '../context';
import { buildVerdictCards, type EffectRow, type VerdictCard } from './verdicts';

const VERDICT_COLOURS = { supported: '#009E73', contradicted: '#D55E00', inconclusive: '#666666' } as const;

/**
 * Each effect's Δ as a dot with its 95% interval against the zero line, a neutral test's margin as a grey band.
 * Effects have different units, so each row has its own scale, symmetric about 0.
 */
function IntervalPlot({ effects }: { effects: EffectRow[] }) {
  const shown = effects.filter((e) => Number.isFinite(e.delta));
  if (shown.length === 0) return null;
  const rowH = 20;
  const w = 380;
  const labelW = 150;
  const half = (w - labelW - 8) / 2;
  const zeroX = labelW + half;
  const h = shown.length * rowH + 18;
  return (
    <svg className="interval-plot" viewBox={`0 0 ${w} ${h}`} role="img" aria-label="effects with 95% intervals">
      {shown.map((e, i) => {
        const y = 12 + i * rowH;
        const ends = [e.delta, ...(e.ci95 ?? []), ...(e.margin ? [e.margin] : [])];
        const span = Math.max(...ends.map(Math.abs), 1e-12) * 1.1;
        const x = (v: number) => zeroX + (v / span) * half;
        const colour = VERDICT_COLOURS[e.verdict];
        return (
          <g key={e.metric}>
            <title>{`${e.label}: ${e.interval}, n = ${e.n}, ${e.verdict}`}</title>
            <text x={0} y={y + 4} fontSize={10} fill="#333">
              {e.label.replace(/ \(.*\)$/, '')}
            </text>
            {e.margin !== null && (
              <rect x={x(-e.margin)} y={y - 7} width={x(e.margin) - x(-e.margin)} height={14} fill="#e8e8e8" />
            )}
            {e.ci95 && <line x1={x(e.ci95[0])} x2={x(e.ci95[1])} y1={y} y2={y} stroke={colour} strokeWidth={2} />}
            <circle cx={x(e.delta)} cy={y} r={4} fill={colour} />
          </g>
        );
      })}
      <line x1={zeroX} x2={zeroX} y1={2} y2={h - 14} stroke="#333" strokeDasharray="3 3" />
      <text x={zeroX} y={h - 2} fontSize={10} textAnchor="middle" fill="#555">
        0: no difference (Δ = alternative − PaLM)
      </text>
    </svg>
  );
}

function Card({ card }: { card: VerdictCard }) {
  return (
    <article className={`verdict-card ${card.verdict}`} aria-label={`${card.title}: ${card.verdict}`}>
      <h4>
        {card.title}{' '}
        <span className="verdict" style={{ color: VERDICT_COLOURS[card.verdict] }}>
          {card.verdict}
        </span>
      </h4>
      <p className="claim">
        {card.claim} <span className="source">({card.source})</span>
      </p>
      {card.scale && <p className="scale">{card.scale}</p>}
      <ul>
        {card.effects.map((e) => (
          <li key={e.metric}>
            <strong>{e.label}</strong>: {e.sides}, {e.interval}, n = {e.n} {e.n === 1 ? 'seed' : 'seeds'} —{' '}
            <span style={{ color: VERDICT_COLOURS[e.verdict] }}>{e.verdict}</span> ({e.expectation})
          </li>
        ))}
      </ul>
      {card.notes.map((n) => (
        <p key={n} className="note">
          {n}
        </p>
      ))}
      <IntervalPlot effects={card.effects} />
    </article>
  );
}

/** Consecutive cards of one experiment together (buildVerdictCards keeps an experiment's cards adjacent). */
function groupByExperiment(cards: VerdictCard[]): [string, VerdictCard[]][] {
  const out: [string, VerdictCard[]][] = [];
  for (const c of cards) {
    const last = out.at(-1);
    if (last && last[1][0]!.groupId === c.groupId) last[1].push(c);
    else out.push([c.experiment, [c]]);
  }
  return out;
}

export function VerdictCards() {
  const { store } = useServices();
  // Verdicts change only when a run finishes, is removed or is imported: select that key, not every logged point.
  const key = useWorkbench((s) =>
    s.order.map((id) => `${id} ${s.runs[id]!.record.status} ${s.runs[id]!.experiment?.id ?? ''}`).join('\n'),
  );
  const cards = useMemo(() => {
    const { order, runs } = store.getState();
    return key ? buildVerdictCards(order.map((id) => runs[id]!)) : [];
  }, [key, store]);
  return (
    <section aria-labelledby="verdicts-title">
      <h2 id="verdicts-title">Verdicts</h2>
      {cards.length === 0 ? (
        <p className="hint">
          Once two finished runs of an experiment differ in one switch, each claim they test gets a card here.
        </p>
      ) : (
        groupByExperiment(cards).map(([experiment, group]) => (
          <div key={group[0]!.key} className="verdict-group">
            <h3 className="verdict-experiment">{experiment}</h3>
            <div className="verdict-grid">
              {group.map((c) => (
                <Card key={c.key} card={c} />
              ))}
            </div>
          </div>
        ))
      )}
    </section>
  );
}
