// The verdict card's place for the scale ladder (docs/design.md §3; verdicts hold "at this scale"): the effect's
// trend over model size and the time to a target loss, in words, once the runs form a ladder. Hidden until then.
export function ScaleSlot({ lines }: { lines: readonly string[] }) {
  if (lines.length === 0) return null;
  return (
    <section className="scale-slot" aria-label="Effect vs scale and time to target">
      <h5>Effect vs scale, time to target</h5>
      <ul>
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </section>
  );
}
