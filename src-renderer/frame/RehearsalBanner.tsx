/**
 * Shown on every screen while a rehearsal is possible or under way (devices-store's
 * showsRehearsal). Beside real devices it says which ones are simulated. A named section, so
 * it is a landmark of its own: a screen reader lists it next to the header and the main area,
 * and every part of the window sits in a landmark (axe's "region" rule).
 */
export function RehearsalBanner({ alongsideReal = false }: { alongsideReal?: boolean }) {
  return (
    <section className="rehearsal-banner" data-testid="rehearsal-banner" aria-label="Rehearsal">
      <strong className="rehearsal-banner__title">REHEARSAL — simulated devices</strong>
      <span className="rehearsal-banner__detail">
        {alongsideReal
          ? 'Simulated devices are connected next to real ones. A ceremony on a device marked Simulated is a rehearsal and protects nothing; one on a real device is not.'
          : 'Simulated devices are connected. A ceremony run on a simulated device protects nothing: use it to practise.'}
      </span>
    </section>
  );
}
