/** Shown on every screen while a simulated device is in the list (DESIGN.md, Ceremonies). */
export function RehearsalBanner() {
  return (
    <div className="rehearsal-banner" data-testid="rehearsal-banner" role="note" aria-label="Rehearsal">
      <strong className="rehearsal-banner__title">REHEARSAL — simulated devices</strong>
      <span className="rehearsal-banner__detail">
        Simulated devices are connected. A ceremony run on a simulated device protects nothing: use it to practise.
      </span>
    </div>
  );
}
