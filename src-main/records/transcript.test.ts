import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, Transcript, checkTranscript, lineHash } from './transcript';

async function transcriptPath(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'custos-transcript-')), 'transcript.jsonl');
}

const fixedClock = () => new Date('2026-11-22T10:00:00.000Z');

describe('transcript', () => {
  it('chains every line to the one before it and reports the head witnesses write down', async () => {
    const path = await transcriptPath();
    const transcript = Transcript.create(path, fixedClock);
    await transcript.append('ceremony-started', { name: 'Root CA backup' });
    await transcript.append('share-shown', { custodian: 1, name: 'Alice' });
    const head = await transcript.append('ceremony-completed', {});
    const text = await readFile(path, 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0]!).prev).toBe(GENESIS_HASH);
    expect(JSON.parse(lines[1]!).prev).toBe(lineHash(lines[0]!));
    expect(JSON.parse(lines[2]!).prev).toBe(lineHash(lines[1]!));
    expect(head).toBe(lineHash(lines[2]!));
    expect(checkTranscript(text)).toMatchObject({ ok: true, head });
  });

  it('names the line where a transcript was altered', async () => {
    const path = await transcriptPath();
    const transcript = Transcript.create(path, fixedClock);
    await transcript.append('ceremony-started', { name: 'x' });
    await transcript.append('share-shown', { custodian: 1, name: 'Alice' });
    await transcript.append('share-shown', { custodian: 2, name: 'Bob' });
    const text = await readFile(path, 'utf8');
    const edited = text.replace('"Alice"', '"Mallory"');
    expect(checkTranscript(edited)).toMatchObject({ ok: false, line: 3 });
    const removed = text
      .split('\n')
      .filter((_, i) => i !== 1)
      .join('\n');
    expect(checkTranscript(removed)).toMatchObject({ ok: false, line: 2 });
    await writeFile(path, edited);
    await expect(Transcript.open(path)).rejects.toThrow(/line 3 does not carry the hash/);
  });

  it('continues an existing transcript after a restart', async () => {
    const path = await transcriptPath();
    const first = Transcript.create(path, fixedClock);
    await first.append('ceremony-started', {});
    const reopened = await Transcript.open(path, fixedClock);
    expect(reopened.head).toBe(first.head);
    await reopened.append('ceremony-abandoned', {
      reason: 'the app stopped while shares were shown',
    });
    expect(checkTranscript(await readFile(path, 'utf8'))).toMatchObject({ ok: true });
  });

  it('refuses to write anything that looks like a share', async () => {
    const path = await transcriptPath();
    const transcript = Transcript.create(path, fixedClock);
    const share = '2-1-KXC7BU2W3yhxujNMld4ncLgHcmTdJ227BU+V2y1nvQtFn9UrfaftW4XPNXut512LxT91qw';
    await expect(transcript.append('oops', { note: `custodian typed ${share}` })).rejects.toThrow(
      /looks like secret material/,
    );
    await expect(transcript.append('oops', { password: 'hunter22' })).rejects.toThrow(
      /\$\.password/,
    );
    expect(transcript.length).toBe(0);
  });
});
