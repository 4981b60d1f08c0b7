// `custos dkek verify`: the clone compared with the record and its signing keys proven, through
// the verification engine; prints each check and the report's path. Exit 0 only when verified.

import { join } from 'node:path';
import { DkekVerifyEngine } from '../../ceremonies/dkek/verify-engine';
import { CliError, type CliIo } from '../command';
import { quietLogger, type CloneCli } from './dkek-clone';

export async function runDkekVerify(cli: CloneCli, io: CliIo): Promise<number> {
  const engine = new DkekVerifyEngine({ cards: cli.cards, logger: quietLogger() });
  await engine.start();
  await engine.chooseFolder(cli.folder);
  const done = await engine.verify(cli.deviceId, cli.pin);
  const result = done.result!;
  io.stdout(
    `KCV ${result.kcv.found} ${result.kcv.ok ? 'matches' : `DOES NOT MATCH the recorded ${result.kcv.expected}`}\n`,
  );
  for (const key of result.keys) {
    const bad = key.checks.filter((c) => !c.ok);
    io.stdout(
      `key ${key.keyReference}${key.label ? ` "${key.label}"` : ''}: ${bad.length === 0 ? 'matches' : `differs (${bad.map((c) => `${c.what}: ${c.detail}`).join('; ')})`}; signature ${key.proof}\n`,
    );
  }
  for (const ref of result.extra) io.stdout(`key ${ref}: on the clone but not in the record\n`);
  io.stdout(
    `${result.verdict === 'verified' ? 'VERIFIED' : 'DIFFERS'}; report: ${join(cli.folder, result.report)}\n`,
  );
  await engine.close();
  if (result.verdict !== 'verified')
    throw new CliError(
      'The clone does not match the record; the lines above and the report say where.',
    );
  return 0;
}
