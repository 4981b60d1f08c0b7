// transcript.jsonl: one event per line, each carrying the SHA-256 of the line before it, so a
// witness who writes down the last hash at the end of the ceremony can later prove that no line
// was changed, removed or added. The file is rewritten atomically on every append.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../files/atomic-write';
import { assertNoSecretMaterial } from './secret-guard';

/** The `prev` of the first line: there is no line before it. */
export const GENESIS_HASH = '0'.repeat(64);

export interface TranscriptLine {
  seq: number;
  at: string;
  event: string;
  data: Record<string, unknown>;
  prev: string;
}

export function lineHash(line: string): string {
  return createHash('sha256').update(line, 'utf8').digest('hex');
}

export type TranscriptCheck =
  | { ok: true; lines: TranscriptLine[]; head: string }
  | { ok: false; line: number; problem: string };

/** Re-computes the chain; names the first line that breaks it. */
export function checkTranscript(text: string): TranscriptCheck {
  const rawLines = text.split('\n');
  if (rawLines.at(-1) === '') rawLines.pop();
  const lines: TranscriptLine[] = [];
  let head = GENESIS_HASH;
  for (const [index, raw] of rawLines.entries()) {
    let parsed: TranscriptLine;
    try {
      parsed = JSON.parse(raw) as TranscriptLine;
    } catch {
      return { ok: false, line: index + 1, problem: 'is not valid JSON' };
    }
    if (parsed.seq !== index + 1)
      return {
        ok: false,
        line: index + 1,
        problem: `has sequence number ${String(parsed.seq)}, expected ${index + 1}`,
      };
    if (parsed.prev !== head)
      return {
        ok: false,
        line: index + 1,
        problem:
          'does not carry the hash of the line before it: a line was changed, removed or inserted',
      };
    lines.push(parsed);
    head = lineHash(raw);
  }
  return { ok: true, lines, head };
}

export class Transcript {
  private constructor(
    readonly path: string,
    private text: string,
    private lineCount: number,
    private headHash: string,
    private readonly now: () => Date,
  ) {}

  /** Starts an empty transcript; `start()` puts the empty file on disk. */
  static create(path: string, now: () => Date = () => new Date()): Transcript {
    return new Transcript(path, '', 0, GENESIS_HASH, now);
  }

  /** Opens an existing transcript and refuses one whose chain is broken. */
  static async open(path: string, now: () => Date = () => new Date()): Promise<Transcript> {
    const text = await readFile(path, 'utf8');
    const check = checkTranscript(text);
    if (!check.ok)
      throw new Error(
        `${path}: line ${check.line} ${check.problem}; the transcript cannot be trusted or extended`,
      );
    return new Transcript(path, text, check.lines.length, check.head, now);
  }

  /** Writes the transcript as it is (empty for a new one), refusing to replace an existing file. */
  async start(): Promise<void> {
    await writeFileAtomic(this.path, this.text, { exclusive: true });
  }

  /** SHA-256 of the last line: what witnesses write down. */
  get head(): string {
    return this.headHash;
  }

  get length(): number {
    return this.lineCount;
  }

  async append(event: string, data: Record<string, unknown> = {}): Promise<string> {
    assertNoSecretMaterial(data, `transcript event "${event}"`);
    const line: TranscriptLine = {
      seq: this.lineCount + 1,
      at: this.now().toISOString(),
      event,
      data,
      prev: this.headHash,
    };
    const raw = JSON.stringify(line);
    const text = `${this.text}${raw}\n`;
    await writeFileAtomic(this.path, text);
    this.text = text;
    this.lineCount += 1;
    this.headHash = lineHash(raw);
    return this.headHash;
  }
}
