// The initialization engine as a service of the app (STYLE.md §2): on start it marks any
// ceremony a previous run left in progress (abandoned, or failed if the device stage had
// begun); then it is the shared ceremony service: it forwards the engine's snapshots as
// `init/snapshot` events and on stop ends a ceremony still under way the same way, at once.

import type { InitSnapshot } from '../../../shared/ceremony/init-snapshot';
import type { Logger } from '../../log/logger';
import { CeremonyService } from '../common/ceremony-service';
import { InitEngine, type InitEngineOptions } from './init-engine';
import { InProgressIndex } from './in-progress-index';

export interface InitServiceOptions extends Omit<InitEngineOptions, 'index'> {
  userDataFolder: string;
  /** Where the engine's snapshots go: the `init/snapshot` event. */
  publish: (snapshot: InitSnapshot | null) => void;
}

export class InitService extends CeremonyService<InitEngine> {
  private readonly index: InProgressIndex;
  private readonly log: Logger;

  constructor(private readonly options: InitServiceOptions) {
    const index = new InProgressIndex(options.userDataFolder);
    super('init', new InitEngine({ ...options, index }), options.publish);
    this.index = index;
    this.log = options.logger.child({ module: 'init' });
  }

  override async start(): Promise<void> {
    const marked = await this.index.sweep(this.log, this.options.clock);
    if (marked.length > 0)
      this.log.warn('ceremonies left unfinished by an earlier run were marked as stopped', {
        count: marked.length,
      });
    await super.start();
  }
}
