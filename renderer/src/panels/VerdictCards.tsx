// Verdict cards: for the finished runs of each experiment, one card per claim they test (core/report's verdicts):
// the verdict, each effect in plain words (which side is ahead, by how much, its interval, the seeds that agree),
// then its verdict and why, with the margin settable for the experiment; the interval plots (one per unit, as the
// report draws them), the scale it holds at, and the scale ladder's trend once the runs have one. Above each
// experiment's cards, its speed bench (BenchPanel): the only speeds its cards judge.
import { useMemo, useState } from 'react';
import { VERDICT_COLOURS } from '../../../core/report/interval-plot';
import { useServices, useWorkbench } from '../context';
import { BenchPanel } from './BenchPanel';
import { ScaleSlot } from './ScaleSlot';
import { buildVerdictCards, type EffectRow, type VerdictCard } from './verdicts';

/** A neutral (or not-worse) test's margin, settable for this experiment: the claims table's until the user sets it. */
function MarginInput({ card, effect }: { card: VerdictCard; effect: EffectRow }) {
  const { store } = useServices();
  const own = useWorkbench((s) => s.view.margins[card.groupId]?.[effect.metric]);
  const [text, setText] = useState<string | null>(null);
  const relative = effect.marginText?.endsWith('%') ?? false;
  const shown = effect.margin === null ? '' : String(relative ? +(effect.margin * 100).toPrecision(6) : effect.margin);
  const commit = (value: string) => {
    setText(null);
    const n = Number(value);
    if (!(n > 0) || !Number.isFinite(n)) return;
    const { view, setView } = store.getState();
    const forGroup = { ...view.margins[card.groupId], [effect.metric]: relative ? n / 100 : n };
    setView({ margins: { ...view.margins, [card.groupId]: forGroup } });
  };
  const reset = () => {
    const { view, setView } = store.getState();
    const forGroup = { ...view.margins[card.groupId] };
    delete forGroup[effect.metric];
    setView({ margins: { ...view.margins, [card.groupId]: forGroup } });
  };
  const unit = relative ? '%' : (effect.marginText?.split(' ')[1] ?? '');
  return (
    <span className="margin-input">
      <label>
        {' '}
        margin ±
        <input
          type="number"
          min={0}
          step="any"
          value={text ?? shown}
          onChange={(e) => setText(e.target.value)}
          onBlur={(e) => commit(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && commit((e.target as HTMLInputElement).value)}
          aria-label={`${effect.label}: neutrality margin for ${card.experiment}`}
        />
        {unit}
      </label>
      {own !== undefined && (
        <button type="button" className="link-button" onClick={reset}>
          use the claims table’s
        </button>
      )}
    </span>
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
          <li key={e.metric} data-metric={e.metric}>
            <span className="effect-sentence">{e.sentence}</span>
            <br />
            {e.timedApart ? (
              <span className="effect-why">{e.why}</span>
            ) : (
              <>
                <span className="effect-verdict" style={{ color: VERDICT_COLOURS[e.verdict] }}>
                  {e.verdict}
                </span>
                <span className="effect-why">: {e.why}</span>
              </>
            )}
            {e.marginText !== null && !e.timedApart && <MarginInput card={card} effect={e} />}
          </li>
        ))}
      </ul>
      {card.notes.map((n) => (
        <p key={n} className="note">
          {n}
        </p>
      ))}
      {/* Built by core/report/interval-plot.ts from numbers, every text escaped: the report's own SVG. */}
      <div className="interval-plots" dangerouslySetInnerHTML={{ __html: card.plots }} />
      <ScaleSlot lines={card.ladder} />
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
  const margins = useWorkbench((s) => s.view.margins);
  const benches = useWorkbench((s) => s.benches);
  const cards = useMemo(() => {
    const { order, runs } = store.getState();
    return key
      ? buildVerdictCards(
          order.map((id) => runs[id]!),
          margins,
          benches,
        )
      : [];
  }, [key, store, margins, benches]);
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
            <BenchPanel groupId={group[0]!.groupId} experiment={experiment} />
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
