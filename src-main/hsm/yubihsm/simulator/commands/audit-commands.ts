// Audit log and option commands (spec §4.3, §8): GET LOG ENTRIES, SET LOG INDEX, SET OPTION,
// GET OPTION.

import { requireSessionCapability } from '../authorization';
import { PayloadReader } from '../bytes';
import { refuse } from '../device-failure';
import { getOption as readOption, setOption as writeOption } from '../device-options';
import { EMPTY, type CommandHandler } from './context';

export const getLogEntries: CommandHandler = ({ state, rights, payload }) => {
  requireSessionCapability(rights, 'get-log-entries');
  new PayloadReader(payload).end();
  return state.log.encodeEntries();
};

/**
 * SET LOG INDEX: index (2) -> empty. The capability it needs is [unverified] (spec §8.2); the
 * one that lets a session read the log is the one that lets it release what it read.
 */
export const setLogIndex: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'get-log-entries');
  const reader = new PayloadReader(context.payload);
  const index = reader.u16();
  reader.end();
  if (!context.state.log.release(index)) refuse.invalidData();
  context.changed = true;
  return EMPTY;
};

/** SET OPTION: tag (1) || length (2) || value -> empty. */
export const setOption: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'set-option');
  const reader = new PayloadReader(context.payload);
  const tag = reader.u8();
  const length = reader.u16();
  const value = reader.take(length);
  reader.end();
  writeOption(context.state.options, tag, value);
  context.changed = true;
  return EMPTY;
};

/** GET OPTION: tag (1) -> value. */
export const getOption: CommandHandler = ({ state, rights, payload }) => {
  requireSessionCapability(rights, 'get-option');
  const reader = new PayloadReader(payload);
  const tag = reader.u8();
  reader.end();
  return readOption(state.options, tag);
};
