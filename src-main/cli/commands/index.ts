// Every CLI command, once. Add a command by writing commands/<name>.ts exporting a CliCommand
// and listing it here; the dispatcher and --help pick it up.

import type { CliCommand } from '../command';
import { initCommand } from './init';
import { sheetsCommand } from './sheets';
import { simulatorCommand } from './simulator';

export const COMMANDS: readonly CliCommand[] = [simulatorCommand, initCommand, sheetsCommand];
