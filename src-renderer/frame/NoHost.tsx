/** Shown when the page was opened without a Custos host behind it (no `window.custos`). */
export function NoHost() {
  return (
    <main className="app-main no-host" data-testid="no-host">
      <h1>Custos is not connected</h1>
      <p>
        This page needs the Custos app behind it, and it is not there. Start Custos from its desktop
        icon, or run <span className="mono">npm start</span> and open the address it prints.
      </p>
    </main>
  );
}
