// Last-resort handlers for the main process. Node would print an uncaught error's raw text to
// the terminal, and that text could hold anything; instead the error goes through the
// redacting logger and the terminal gets a sentence. An uncaught exception leaves main in an
// unknown state, so the app stops; a stray rejected promise is logged and the app carries on.

import type { Logger } from '../log/logger';

export function installCrashHandlers(logger: Logger, stop: (exitCode: number) => void): void {
  const log = logger.child({ module: 'crash' });
  process.on('uncaughtException', (error) => {
    log.error('uncaught exception; stopping', { error });
    console.error(
      'Custos hit an unexpected error and is stopping. The details are in the log file in the logs folder.',
    );
    stop(1);
  });
  process.on('unhandledRejection', (reason) => {
    log.error('unhandled promise rejection', { error: reason });
  });
}
