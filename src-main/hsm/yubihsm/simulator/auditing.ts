// When the device logs a command and when force-audit refuses one (spec §8.2). A command is
// logged when command-audit has it on, or when force-audit is on (minus the few commands that
// read the log or carry others). With force-audit on and the log full, logged commands fail
// with LOG_FULL, except the ones needed to open a session and drain the log.

import { Command } from '../protocol/commands';
import type { LogEvent } from './audit-log';
import { systick, type DeviceCore } from './device-core';
import { isLogged } from './device-options';

const ALWAYS_ADMITTED: ReadonlySet<number> = new Set([
  Command.CreateSession,
  Command.AuthenticateSession,
  Command.GetLogEntries,
  Command.SetLogIndex,
]);

/** True when force-audit must refuse `command` because the log is full. */
export function refusedByFullLog(core: DeviceCore, command: number): boolean {
  const { options, log } = core.state;
  return (
    options.forceAudit !== 0 &&
    isLogged(options, command) &&
    log.isFull() &&
    !ALWAYS_ADMITTED.has(command)
  );
}

/**
 * Logs a finished command if the options say so. Returns true when the persistent state
 * changed (an entry was added, or an unlogged authentication was counted).
 */
export function recordCommand(core: DeviceCore, event: Omit<LogEvent, 'tick'>): boolean {
  const { options, log } = core.state;
  if (!isLogged(options, event.command)) return false;
  if (log.append({ ...event, tick: systick(core) }, options.forceAudit !== 0)) return true;
  if (event.command === Command.AuthenticateSession) {
    log.countUnloggedAuthentication();
    return true;
  }
  return false;
}
