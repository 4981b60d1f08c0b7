// A ceremony engine as a service of the app (STYLE.md §2): while running, its snapshots are
// pushed as the ceremony's event; on stop, a ceremony still under way is ended and its secrets
// wiped before Custos quits.

import type { Service } from '../../services/lifecycle';

export interface SnapshotSource<Snapshot> {
  onSnapshot(listener: (snapshot: Snapshot | null) => void): () => void;
  shutdown(): Promise<void>;
}

type SnapshotOf<Engine> = Engine extends SnapshotSource<infer Snapshot> ? Snapshot : never;

export class CeremonyService<Engine extends SnapshotSource<SnapshotOf<Engine>>> implements Service {
  private unsubscribe: (() => void) | undefined;

  constructor(
    readonly name: string,
    readonly engine: Engine,
    private readonly publish: (snapshot: SnapshotOf<Engine> | null) => void,
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = this.engine.onSnapshot((snapshot) => this.publish(snapshot));
  }

  async stop(): Promise<void> {
    await this.engine.shutdown();
    this.unsubscribe?.();
  }
}
