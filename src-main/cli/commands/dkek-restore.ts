import type { CliIo, ParsedOptions } from '../command';
import type { CloneCli } from './dkek-clone';

export async function runDkekRestore(
  _cli: CloneCli,
  _options: ParsedOptions,
  _io: CliIo,
): Promise<number> {
  throw new Error('not yet');
}
