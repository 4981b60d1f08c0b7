import type { CliIo } from '../command';
import type { CloneCli } from './dkek-clone';

export async function runDkekVerify(_cli: CloneCli, _io: CliIo): Promise<number> {
  throw new Error('not yet');
}
