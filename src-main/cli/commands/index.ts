// Every CLI command, once. Add a command by writing commands/<name>.ts exporting a CliCommand
// and listing it here; the dispatcher and --help pick it up.

import type { CliCommand } from '../command';
import { auditCommand } from './audit';
import { dkekCommand } from './dkek';
import { dumpCommand } from './dump';
import { handoffCommand } from './handoff';
import { initCommand } from './init';
import { reshareCommand } from './reshare';
import { restoreCommand } from './restore';
import { rotateCommand } from './rotate';
import { scriptCommand } from './script';
import { sheetsCommand } from './sheets';
import { simulatorCommand } from './simulator';
import { verifyCommand } from './verify';

export const COMMANDS: readonly CliCommand[] = [
  simulatorCommand,
  initCommand,
  sheetsCommand,
  dumpCommand,
  restoreCommand,
  rotateCommand,
  auditCommand,
  reshareCommand,
  verifyCommand,
  dkekCommand,
  scriptCommand,
  handoffCommand,
];
