// `custos dkek restore`: clone a secondary from the ceremony folder's back-up through the restore
// engine. With --rehearsal-shares-dir (simulated cards only) each share is opened with the
// password or password shares `dkek init` wrote there; the KCV is compared with the record
// before any unwrap; every file is reported. Run it again after an interruption: it resumes.

import { resolve } from 'node:path';
import { DkekRestoreEngine } from '../../ceremonies/dkek/restore-engine';
import { rehearsalTurn } from '../../ceremonies/dkek/rehearsal-turn';
import { CliError, UsageError, type CliIo, type ParsedOptions } from '../command';
import { quietLogger, readSecretLine, type CloneCli } from './dkek-clone';
import type { DkekSettings } from './dkek-init';

const DEFAULT_SO_PIN = '3537363231383830';

export async function runDkekRestore(
  cli: CloneCli,
  options: ParsedOptions,
  io: CliIo,
  settings: DkekSettings = {},
): Promise<number> {
  const sharesDir = options.value('rehearsal-shares-dir');
  if (sharesDir === undefined)
    throw new UsageError(
      'dkek restore needs --rehearsal-shares-dir on the command line; on a real secondary the share holders take their turns on the restore screen',
    );
  if (!cli.simulated)
    throw new UsageError(
      '--rehearsal-shares-dir is for simulated cards (schsm-sim:…) only: a real share password never sits in a file',
    );
  const soPinFile = options.value('so-pin-file');
  const soPin = soPinFile
    ? await readSecretLine(resolve(io.cwd, soPinFile), 'SO-PIN file')
    : cli.simulated
      ? DEFAULT_SO_PIN
      : undefined;
  const dir = resolve(io.cwd, sharesDir);

  const engine = new DkekRestoreEngine({
    cards: cli.cards,
    logger: quietLogger(),
    ...(settings.iterations ? { iterations: settings.iterations } : {}),
  });
  await engine.start();
  await engine.chooseFolder(cli.folder);
  let snapshot = await engine.chooseDevice(cli.deviceId, cli.pin, soPin);
  io.stdout(
    `secondary ${snapshot.device?.serial ?? ''}: ${snapshot.shares.imported.length} of ${snapshot.shares.total} shares in\n`,
  );
  while (snapshot.steps.current === 'shares') {
    const next = snapshot.shares.next;
    if (next !== undefined)
      io.stderr(`Opening share ${next} (sc-hsm-tool's 10,000,000 MD5 rounds)…\n`);
    snapshot = await rehearsalTurn(engine, dir);
    if (next !== undefined) io.stdout(`share ${next} of ${snapshot.shares.total} imported\n`);
  }
  io.stdout(`KCV ${snapshot.kcv} matches the record\n`);
  const done = await engine.unwrap();
  for (const file of done.files) {
    const where = file.keyReference === undefined ? '' : ` -> key ${file.keyReference}`;
    if (file.outcome === 'unwrapped') io.stdout(`unwrapped ${file.file}${where}\n`);
    else if (file.outcome === 'already-present')
      io.stdout(`present   ${file.file}${where}: ${file.reason}\n`);
    else io.stdout(`skipped   ${file.file}: ${file.reason}\n`);
  }
  io.stdout(`${done.summary}\n`);
  await engine.close();
  if (done.files.some((f) => f.outcome === 'skipped'))
    throw new CliError('Not every file was unwrapped; the lines above say why for each.');
  return 0;
}
