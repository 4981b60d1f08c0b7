import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileSink, logFileName } from './file-sink';
import { createLogger, memorySink } from './logger';

const fixedClock = () => new Date('2026-04-28T10:00:00.000Z');

// Material a ceremony handles, in the forms it takes: share text (interop spec §3.5), the
// 52-byte secret the shares carry as hex, a password, key bytes, a DKEK password.
const SHARES = [
  '2-1-KXC7BU2W3yhxujNMld4ncLgHcmTdJ227BU+V2y1nvQtFn9UrfaftW4XPNXut512LxT91qw',
  '2-2-UuZrCZoxo1DiaTaYN6FO4G4Br8WnTdxuBpE9okLVeQueNKVHymDxgyu8UM9v+JQms1nIag',
  '2-4-F7rAjX3UOa53KA',
];
const SECRET_HEX =
  '00020001000000000000300000000000010539f0000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const PASSWORD = 'application key: Tr0ub4dor&3';
const KEY_BYTES = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);
const KEY_HEX = Buffer.from(KEY_BYTES).toString('hex');
const KEY_BASE64 = Buffer.from(KEY_BYTES).toString('base64');

let folder: string | undefined;
afterEach(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
  folder = undefined;
});

describe('logger', () => {
  it('never writes shares, passwords or key bytes to the log file, however they are passed', () => {
    folder = mkdtempSync(join(tmpdir(), 'custos-log-'));
    const sink = fileSink(join(folder, 'logs'), { clock: fixedClock });
    const logger = createLogger({ sinks: [sink], level: 'debug', clock: fixedClock });
    const ceremony = logger.child({ module: 'ceremony' });

    ceremony.info('custodian recorded a share', { custodian: 'Alice', share: SHARES[0] });
    ceremony.debug(`custodian typed ${SHARES[1]}`);
    ceremony.info('restore input', { lines: [SHARES[2]], recovered: SECRET_HEX });
    ceremony.warn('authentication failed', { password: PASSWORD, keyId: 2 });
    ceremony.info('wrap key generated', { wrapKey: KEY_BYTES, check: KEY_HEX, copy: KEY_BASE64 });
    ceremony.error('handler failed', {
      error: new Error(`could not parse ${SHARES[0]} with key ${KEY_HEX}`),
    });
    logger.child({ token: KEY_HEX }).info('browser host ready');
    logger.close();

    const text = readFileSync(sink.path, 'utf8');
    const everything = readdirSync(join(folder, 'logs'))
      .map((name) => readFileSync(join(folder!, 'logs', name), 'utf8'))
      .join('\n');
    for (const secret of [...SHARES, SECRET_HEX, PASSWORD, KEY_HEX, KEY_BASE64]) {
      expect(everything).not.toContain(secret);
      // Not even a recognisable half of it.
      expect(everything).not.toContain(secret.slice(4, 20));
    }
    // What is left still tells the story.
    const records = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toHaveLength(7);
    expect(records[0]).toMatchObject({
      time: '2026-04-28T10:00:00.000Z',
      level: 'info',
      module: 'ceremony',
      custodian: 'Alice',
      msg: 'custodian recorded a share',
    });
    expect(records[3]).toMatchObject({ level: 'warn', keyId: 2 });
  });

  it('writes one owner-only JSON-lines file per day into the logs folder, pruning the oldest', () => {
    folder = mkdtempSync(join(tmpdir(), 'custos-log-'));
    const logs = join(folder, 'logs');
    const sink = fileSink(logs, { clock: fixedClock, keepFiles: 2 });
    sink.close?.();
    writeFileSync(join(logs, 'custos-2026-01-01.jsonl'), '');
    writeFileSync(join(logs, 'custos-2026-02-01.jsonl'), '');
    const again = fileSink(logs, { clock: fixedClock, keepFiles: 2 });
    again.close?.();
    expect(readdirSync(logs).sort()).toEqual([
      'custos-2026-02-01.jsonl',
      logFileName(fixedClock()),
    ]);
    if (process.platform !== 'win32') expect(statSync(again.path).mode & 0o777).toBe(0o600);
  });

  it('drops lines below its level and keeps reserved names intact', () => {
    const sink = memorySink();
    const logger = createLogger({ sinks: [sink], level: 'info', clock: fixedClock });
    logger.debug('noise');
    logger.info('kept', { level: 'fake', msg: 'fake' });
    expect(sink.records()).toEqual([
      {
        time: '2026-04-28T10:00:00.000Z',
        level: 'info',
        msg: 'kept',
        'field.level': 'fake',
        'field.msg': 'fake',
      },
    ]);
  });

  it('keeps logging to the other sinks when one fails', () => {
    const good = memorySink();
    const logger = createLogger({
      sinks: [
        {
          write: () => {
            throw new Error('disk full');
          },
        },
        good,
      ],
    });
    logger.error('still here');
    expect(good.records()).toHaveLength(1);
  });
});
