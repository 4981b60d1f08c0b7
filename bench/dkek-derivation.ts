// The cost of opening or creating a SmartCard-HSM `.pbe` DKEK share file: EVP_BytesToKey-MD5 at
// sc-hsm-tool's 10^7 rounds, three steps. Custos (single-block MD5 on a worker thread) against,
// on this machine in this run: sc-hsm-tool itself when a card is reachable (it connects to one
// before deriving, even for -P); otherwise the very OpenSSL call sc-hsm-tool makes
// (EVP_BytesToKey with EVP_md5(), compiled here when cc and the OpenSSL headers are present);
// and a naive node:crypto loop (one createHash per round). CPU seconds are the fair comparison on
// a shared machine; wall seconds are what a person waits.

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { deriveInWorker } from '../src-main/dkek/derive-in-worker';
import { SC_HSM_TOOL_ITERATIONS } from '../src-main/dkek/evp-bytes-to-key';
import {
  formatPasswordShareText,
  parsePasswordShareText,
} from '../src-main/dkek/password-share-text';
import {
  newSharePassword,
  reconstructPassword,
  splitPassword,
} from '../src-main/dkek/password-shares';
import { generateSafePrime64 } from '../src-main/dkek/safe-prime';
import { V3, hex } from '../src-main/dkek/spec-vectors';
import { millisecondsPerRun, type Measurement } from './measure';

interface Timed {
  wall: number;
  cpu: number;
}

const seconds = (value: number) => `${value.toFixed(2)} s`;

/** Custos's derivation of one file, on its worker; CPU counts every thread of this process. */
async function custosPerFile(): Promise<Timed & { correct: boolean }> {
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const keyAndIv = await deriveInWorker(V3.password, V3.salt);
  const wall = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const correct = Buffer.from(keyAndIv).toString('hex') === V3.key + V3.iv;
  keyAndIv.fill(0);
  return { wall, cpu: (cpu.user + cpu.system) / 1e6, correct };
}

/** One createHash('md5') per round, as a first attempt would: 10^6 rounds, scaled to 3 × 10^7. */
function naivePerFile(): Timed {
  const rounds = 1_000_000;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  let digest = createHash('md5').update(V3.password).update(V3.salt).digest();
  for (let i = 1; i < rounds; i += 1) digest = createHash('md5').update(digest).digest();
  const scale = (3 * SC_HSM_TOOL_ITERATIONS) / rounds;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    wall: ((performance.now() - start) / 1000) * scale,
    cpu: ((cpu.user + cpu.system) / 1e6) * scale,
  };
}

/** Runs `command` under bash's `time`, returning wall and CPU seconds and its stdout. */
function timedCommand(command: string[]): (Timed & { stdout: string; ok: boolean }) | undefined {
  const quoted = command.map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
  const run = spawnSync('bash', ['-c', `TIMEFORMAT='%R %U %S'; time ${quoted}`], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  const times = /(\d+\.\d+) (\d+\.\d+) (\d+\.\d+)\s*$/.exec(run.stderr ?? '');
  if (!times) return undefined;
  return {
    wall: Number(times[1]),
    cpu: Number(times[2]) + Number(times[3]),
    stdout: run.stdout ?? '',
    ok: run.status === 0,
  };
}

// Our own few lines around OpenSSL's EVP_BytesToKey: the same call, digest and count as
// sc-hsm-tool; prints key and IV so the bench can check it derived V3.
const EVP_PROGRAM = `
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>
int main(void) {
  const unsigned char salt[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  const char *password = "testpw";
  unsigned char key[32], iv[16];
  if (!EVP_BytesToKey(EVP_aes_256_cbc(), EVP_md5(), salt, (const unsigned char *)password,
                      strlen(password), ${SC_HSM_TOOL_ITERATIONS}, key, iv)) return 1;
  for (int i = 0; i < 32; i++) printf("%02x", key[i]);
  for (int i = 0; i < 16; i++) printf("%02x", iv[i]);
  printf("\\n");
  return 0;
}
`;

function opensslPerFile(folder: string): (Timed & { correct: boolean }) | string {
  const source = join(folder, 'evp.c');
  const binary = join(folder, 'evp');
  writeFileSync(source, EVP_PROGRAM);
  try {
    execFileSync('cc', ['-O2', '-o', binary, source, '-lcrypto'], { stdio: 'pipe' });
  } catch {
    return 'not measured: needs cc and the OpenSSL headers (libssl-dev)';
  }
  const run = timedCommand([binary]);
  if (!run?.ok) return 'not measured: the compiled program failed';
  return { ...run, correct: run.stdout.trim() === V3.key + V3.iv };
}

function scHsmToolPerFile(folder: string): Timed | string {
  const file = join(folder, 'v3.pbe');
  writeFileSync(file, hex(V3.file));
  if (spawnSync('sc-hsm-tool', ['--help']).error)
    return 'not measured: sc-hsm-tool is not installed (apt-get install opensc)';
  const run = timedCommand(['sc-hsm-tool', '-P', file, '--password', 'testpw']);
  if (
    !run?.ok ||
    !run.stdout.toUpperCase().includes(Buffer.from(V3.share).toString('hex').toUpperCase())
  )
    return 'not measured: no card reachable through PC/SC, and sc-hsm-tool connects to one before it derives (its derivation is the OpenSSL call measured above)';
  return run;
}

export interface DkekBench {
  rows: Measurement[];
  /** Comparisons that could not be measured here, and why. */
  notes: string[];
}

export async function benchDkekDerivation(): Promise<DkekBench> {
  const rows: Measurement[] = [];
  const notes: string[] = [];
  const folder = mkdtempSync(join(tmpdir(), 'custos-bench-dkek-'));
  try {
    const custos = [await custosPerFile(), await custosPerFile()].sort(
      (a, b) => a.wall - b.wall,
    )[0]!;
    rows.push({
      name: 'Custos: single-block MD5 on a worker, per file',
      value: custos.wall,
      unit: 's wall',
      detail: `${seconds(custos.cpu)} CPU, best of 2${custos.correct ? ', V3 key and IV correct' : ', WRONG KEY'}`,
    });
    const scHsmTool = scHsmToolPerFile(folder);
    if (typeof scHsmTool === 'string') notes.push(`sc-hsm-tool -P: ${scHsmTool}`);
    else
      rows.push({
        name: 'sc-hsm-tool -P, per file',
        value: scHsmTool.wall,
        unit: 's wall',
        detail: `${seconds(scHsmTool.cpu)} CPU; Custos ${(scHsmTool.cpu / custos.cpu).toFixed(1)}× less CPU`,
      });
    const openssl = opensslPerFile(folder);
    if (typeof openssl === 'string') notes.push(`OpenSSL EVP_BytesToKey: ${openssl}`);
    else
      rows.push({
        name: "OpenSSL EVP_BytesToKey (sc-hsm-tool's call), per file",
        value: openssl.wall,
        unit: 's wall',
        detail: `${seconds(openssl.cpu)} CPU${openssl.correct ? ', V3 correct' : ', WRONG KEY'}; Custos ${(openssl.cpu / custos.cpu).toFixed(1)}× less CPU`,
      });
    const naive = naivePerFile();
    rows.push({
      name: 'naive node:crypto loop (createHash per round), per file',
      value: naive.wall,
      unit: 's wall',
      detail: `${seconds(naive.cpu)} CPU, scaled from 10^6 rounds; Custos ${(naive.cpu / custos.cpu).toFixed(1)}× less CPU`,
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }

  const prime = await millisecondsPerRun(async () => generateSafePrime64(randomBytes), 30, 3);
  rows.push({
    name: '64-bit safe prime for a password share set',
    value: prime.median,
    unit: 'ms',
    detail: `median of 30, max ${prime.max.toFixed(1)} ms`,
  });
  const set = { threshold: 5, total: 9, fileName: 'dkek.pbe' };
  const roundTrip = await millisecondsPerRun(
    async () => {
      const password = newSharePassword();
      const texts = splitPassword(password, set).map((share) =>
        formatPasswordShareText(share, set),
      );
      const read = texts.slice(0, 5).map((text, i) => parsePasswordShareText(text, `${i + 1}.txt`));
      reconstructPassword(read).fill(0);
      password.fill(0);
    },
    30,
    3,
  );
  rows.push({
    name: 'password shares 5-of-9: split, write, read, rebuild',
    value: roundTrip.median,
    unit: 'ms',
    detail: 'prime included',
  });
  return { rows, notes };
}
