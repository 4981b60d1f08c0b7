// The ceremony script (IANA's practice): every step of "Initialize primary" in order, who does
// it, what they say aloud and the value the others check it against, so the room can rehearse
// and tick the ceremony off on paper. Made from a plan before the day (values not known yet are
// blanks to write in), or from the record and transcript after it (each step says what
// happened and when). Holds no secret: names, ids, serials, the check value and hashes only.

import { InitPlanSchema, type InitPlan } from '../../../../shared/ceremony/init-plan';
import type { CeremonyRecord } from '../../../../shared/records/ceremony-record';
import { FACTORY_KEY_ID } from '../../../hsm/yubihsm/protocol/factory-state';
import type { TranscriptLine } from '../../../records/transcript';
import { wrappedFileName } from '../../../records/wrapped-file';
import { hexId } from '../../common/objects';
import { WRAP_KEY_LABEL } from '../resolved-plan';

/** A value not known when the script was made: written in by hand on the day. */
export const BLANK = '________________';

export interface ScriptStep {
  /** The part of the ceremony: "Preflight", "Share 2", "Device steps"… */
  phase: string;
  who: string;
  does: string;
  /** The words said aloud, when someone says something. */
  says?: string;
  /** What the others check against: a serial, an id, the check value. */
  expected?: string;
  /** After the day: what the record says happened, with the time. */
  happened?: string;
}

export interface ScriptValue {
  label: string;
  value: string;
}

export interface CeremonyScript {
  ceremony: string;
  /** Undefined when made from a plan alone: the device is not known yet. */
  rehearsal?: boolean;
  source: 'plan' | 'record';
  madeAt: string;
  toolVersion: string;
  custodians: { shareNumber: number; name: string }[];
  threshold: number;
  /** The values read aloud, in one table for the witness. */
  values: ScriptValue[];
  steps: ScriptStep[];
  /** After the day. */
  outcome?: {
    ceremonyId: string;
    status: string;
    statusReason?: string;
    startedAt: string;
    finishedAt?: string;
    transcriptHead?: string;
    transcriptLines: number;
  };
}

/** The primary as the review screen knows it (absent for a plan file alone). */
export interface ScriptPrimary {
  serial: number;
  firmware: string;
  simulated: boolean;
}

export type ScriptSource =
  | { kind: 'plan'; plan: InitPlan; primary?: ScriptPrimary }
  | {
      kind: 'record';
      record: CeremonyRecord;
      transcript: readonly TranscriptLine[];
    };

export interface ScriptOptions {
  madeAt: Date;
  toolVersion: string;
}

export class CeremonyScriptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CeremonyScriptError';
  }
}

const CONFIRMATION = {
  'spot-check': 'type back the two groups Custos asks for, with the share hidden',
  full: 'type back every line with its check character, with the share hidden',
  none: 'say the share is recorded',
} as const;

/** "2026-12-06 03:34:05 UTC": the time as a witness writes it. */
export function scriptTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

function idOrBlank(id: number): string {
  return id === 0 ? `${BLANK} (Custos picks a free id at the review)` : hexId(id);
}

/** Transcript lines, searched by event and the custodian or task they concern. */
class Events {
  constructor(private readonly lines: readonly TranscriptLine[] | undefined) {}

  get known(): boolean {
    return this.lines !== undefined;
  }

  find(event: string, match: Record<string, unknown> = {}): TranscriptLine | undefined {
    return this.lines?.find(
      (line) =>
        line.event === event &&
        Object.entries(match).every(([key, value]) => line.data[key] === value),
    );
  }

  all(event: string): TranscriptLine[] {
    return this.lines?.filter((line) => line.event === event) ?? [];
  }

  /** "done at …", or a sentence saying the record has no such step. */
  said(line: TranscriptLine | undefined, words: (line: TranscriptLine) => string): string {
    if (!this.known) return '';
    return line ? `${words(line)} (${scriptTime(line.at)})` : 'Not in the transcript: not done.';
  }
}

export function buildCeremonyScript(source: ScriptSource, options: ScriptOptions): CeremonyScript {
  const plan = source.kind === 'plan' ? source.plan : planOfRecord(source.record);
  const primary = source.kind === 'plan' ? source.primary : source.record.primary;
  const events = new Events(source.kind === 'record' ? source.transcript : undefined);
  const record = source.kind === 'record' ? source.record : undefined;
  const kcv = record?.wrapKey?.kcv;
  const n = plan.custodians.length;
  const m = plan.threshold;
  const serial = primary ? String(primary.serial) : `${BLANK} (read from the device label)`;
  const kcvText = kcv ?? `${BLANK} (shown when the shares are made)`;
  const headText = record?.transcriptHead ?? `${BLANK} (shown on the record screen)`;
  const domains = plan.domains.join(', ');
  const appFile = plan.applicationKey.id
    ? wrappedFileName(plan.applicationKey.id, 'authentication-key')
    : 'its .yhw file';
  const auditFile = plan.auditKey?.id
    ? wrappedFileName(plan.auditKey.id, 'authentication-key')
    : 'its .yhw file';

  const values: ScriptValue[] = [
    { label: 'Ceremony', value: plan.ceremony },
    { label: 'Primary serial', value: serial },
    { label: 'Threshold', value: `${m} of ${n}` },
    ...plan.custodians.map((name, index) => ({ label: `Share ${index + 1}`, value: name })),
    { label: 'Share format', value: plan.shareFormat },
    { label: 'Domains', value: domains },
    { label: 'Wrap key id', value: idOrBlank(plan.wrapKey.id) },
    {
      label: 'Application key id and label',
      value: `${idOrBlank(plan.applicationKey.id)} "${plan.applicationKey.label}"`,
    },
    ...(plan.auditKey
      ? [
          {
            label: 'Audit key id and label',
            value: `${idOrBlank(plan.auditKey.id)} "${plan.auditKey.label}"`,
          },
        ]
      : []),
    {
      label: 'Factory key',
      value: plan.keepFactoryKey
        ? `${hexId(FACTORY_KEY_ID)} kept (rehearsal only)`
        : `${hexId(FACTORY_KEY_ID)} deleted last`,
    },
    { label: 'Wrap key check value', value: kcvText },
    { label: 'Transcript hash', value: headText },
  ];

  const steps: ScriptStep[] = [];
  const add = (step: ScriptStep) => steps.push(events.known ? step : withoutHappened(step));
  const started = events.find('ceremony-started');

  add({
    phase: 'Preflight',
    who: 'Administrator',
    does: 'On the offline computer, open "Initialize primary" and choose the primary YubiHSM 2. Custos checks the air gap and that only the factory authentication key is on the device.',
    says: `"The primary's serial number is ${primary ? primary.serial : '…'}."`,
    expected: serial,
    happened: events.said(started, (line) => `Primary serial ${String(line.data.primarySerial)}`),
  });
  add({
    phase: 'Preflight',
    who: 'Witness',
    does: 'Compare the serial on the screen with the label on the device and with this script; stop the ceremony on any difference.',
    says: '"Serial confirmed."',
    expected: serial,
  });
  add({
    phase: 'Plan',
    who: 'Administrator',
    does: `Load the plan file, type the application key password twice${plan.auditKey ? ' and the audit key password twice' : ''}, and choose the ceremony folder. No password is read aloud or written here.`,
    expected: `Plan "${plan.ceremony}"`,
  });
  add({
    phase: 'Review',
    who: 'Administrator',
    does: 'Read the review screen aloud, section by section.',
    says: `"${plan.ceremony}: ${m} of ${n}. Custodians ${plan.custodians.join(', ')}. Wrap key ${idOrShort(plan.wrapKey.id)} in domains ${domains}. Application key ${idOrShort(plan.applicationKey.id)}${plan.auditKey ? `, audit key ${idOrShort(plan.auditKey.id)}` : ''}. The factory key is ${plan.keepFactoryKey ? 'kept' : 'deleted last'}."`,
    expected: 'The values in the table above',
  });
  add({
    phase: 'Review',
    who: 'Witness',
    does: 'Tick each value read aloud in the table above; stop the ceremony on any difference.',
    says: '"The plan matches the script."',
  });
  const made = events.find('shares-made');
  add({
    phase: 'Shares',
    who: 'Administrator',
    does: `Press "Begin ceremony". Custos makes the wrap key from the device's random bytes and this computer's, and splits it into ${n} shares, any ${m} of which restore it.`,
    says: '"The wrap key check value is …" (letter by letter)',
    expected: kcvText,
    happened: events.said(made, (line) => `Shares made; check value ${String(line.data.kcv)}`),
  });
  add({
    phase: 'Shares',
    who: 'Witness',
    does: 'Write the check value in the table above; it must be the same on every sheet and in the record at the end.',
    expected: kcvText,
  });

  plan.custodians.forEach((name, index) => {
    const shareNumber = index + 1;
    const who = { custodian: name, shareNumber };
    const shown = events.find('share-shown', who);
    const confirmed = events.find('share-confirmed', who);
    const printed = events
      .all('share-sheet-printed')
      .concat(events.all('share-sheet-saved-as-pdf'))
      .find((line) => line.data.shareNumber === shareNumber);
    const parts = [
      events.said(shown, () => 'Shown'),
      printed
        ? `sheet ${printed.event === 'share-sheet-printed' ? 'printed' : 'saved as PDF'} (${scriptTime(printed.at)})`
        : '',
      events.said(confirmed, (line) => `confirmed by ${String(line.data.check)}`),
    ].filter(Boolean);
    add({
      phase: `Share ${shareNumber}`,
      who: `Custodian ${shareNumber}: ${name}`,
      does: `Come to the screen alone while everyone else looks away. Show the share, copy it onto your sheet or print your sheet, then ${CONFIRMATION[plan.shareConfirmation]}. Seal the sheet in its envelope; the witness signs across the seal.`,
      says: `"I am ${name}. I hold share ${shareNumber} of ${n}; it is recorded and sealed."`,
      expected: `Share ${shareNumber} of ${n}; check value ${kcv ?? 'as written above'} on the sheet`,
      happened: parts.join('; '),
    });
  });

  if (plan.verificationRound) {
    const result = events.find('verification-result');
    add({
      phase: 'Verification round',
      who: 'Each custodian in turn',
      does: `Type your share back with the screen to yourself. Custos recombines every set of ${m} shares.`,
      says: '"Every set recombines to the check value."',
      expected: `${subsets(n, m)} sets of ${m}, each giving ${kcv ?? 'the check value'}`,
      happened: events.said(
        result,
        (line) =>
          `${String(line.data.subsetsChecked)} sets checked; ${line.data.allMatch === true ? `all gave ${String(line.data.kcv)}` : 'NOT all matched'}`,
      ),
    });
  }

  const tasks: Array<[string, string, string]> = [
    [
      'open-session',
      `Open a session on the primary with its factory authentication key ${hexId(FACTORY_KEY_ID)}`,
      serial,
    ],
    [
      'put-wrap-key',
      `Put the wrap key "${WRAP_KEY_LABEL}" on the primary, domains ${domains}`,
      `${idOrShort(plan.wrapKey.id)}, check value ${kcv ?? 'as written above'}`,
    ],
    [
      'put-application-key',
      `Create the application authentication key "${plan.applicationKey.label}" from its password`,
      idOrShort(plan.applicationKey.id),
    ],
    ...(plan.auditKey
      ? ([
          [
            'put-audit-key',
            `Create the audit authentication key "${plan.auditKey.label}" from its password`,
            idOrShort(plan.auditKey.id),
          ],
        ] as Array<[string, string, string]>)
      : []),
    [
      'export-application-key',
      'Export the application key under the wrap key to the ceremony folder',
      appFile,
    ],
    ...(plan.auditKey
      ? ([
          [
            'export-audit-key',
            'Export the audit key under the wrap key to the ceremony folder',
            auditFile,
          ],
        ] as Array<[string, string, string]>)
      : []),
    [
      'prove-application-key',
      'Prove the application key opens a session, before anything is deleted',
      'A session opened',
    ],
    ...(plan.keepFactoryKey
      ? []
      : ([
          [
            'delete-factory-key',
            `Delete the factory authentication key ${hexId(FACTORY_KEY_ID)}`,
            'Deleted',
          ],
        ] as Array<[string, string, string]>)),
    [
      'list-inventory',
      'List what is on the primary now, using the application key',
      'The ids above',
    ],
  ];
  for (const [task, does, expected] of tasks) {
    const done = events.find('device-task-done', { task });
    const failed = events.find('device-task-failed', { task });
    add({
      phase: 'Device steps',
      who: 'Administrator',
      does: `${does}. Read the line aloud when Custos marks it done.`,
      expected,
      happened: done
        ? `Done${typeof done.data.detail === 'string' ? `: ${done.data.detail}` : ''} (${scriptTime(done.at)})`
        : failed
          ? `FAILED${typeof failed.data.reason === 'string' ? `: ${failed.data.reason}` : ''} (${scriptTime(failed.at)})`
          : events.said(undefined, () => ''),
    });
  }

  const completed = events.find('ceremony-completed');
  add({
    phase: 'Record',
    who: 'Administrator',
    does: 'Custos writes ceremony.json and the transcript to the ceremony folder. Read the transcript hash aloud in groups of four characters.',
    says: '"The transcript hash is …"',
    expected: headText,
    happened: events.said(
      completed,
      (line) => `Ceremony completed; check value ${String(line.data.kcv)}`,
    ),
  });
  add({
    phase: 'Record',
    who: 'Witness',
    does: 'Write the transcript hash in the table above. Anyone can later prove the transcript unchanged by comparing its last line with it.',
    expected: headText,
  });
  add({
    phase: 'Close',
    who: 'Everyone',
    does: 'Sign the lines at the end of this script. The administrator keeps it with the ceremony folder.',
  });

  return {
    ceremony: plan.ceremony,
    ...(primary ? { rehearsal: primary.simulated } : {}),
    source: source.kind,
    madeAt: options.madeAt.toISOString(),
    toolVersion: options.toolVersion,
    custodians: plan.custodians.map((name, index) => ({ shareNumber: index + 1, name })),
    threshold: m,
    values,
    steps,
    ...(record
      ? {
          outcome: {
            ceremonyId: record.id,
            status: record.status,
            ...(record.statusReason ? { statusReason: record.statusReason } : {}),
            startedAt: record.startedAt,
            ...(record.finishedAt ? { finishedAt: record.finishedAt } : {}),
            ...(record.transcriptHead ? { transcriptHead: record.transcriptHead } : {}),
            transcriptLines: source.kind === 'record' ? source.transcript.length : 0,
          },
        }
      : {}),
  };
}

function idOrShort(id: number): string {
  return id === 0 ? 'id picked at the review' : hexId(id);
}

function withoutHappened(step: ScriptStep): ScriptStep {
  const { happened: _happened, ...rest } = step;
  return rest;
}

/** How many sets of m among n: the verification round recombines each. */
function subsets(n: number, m: number): number {
  let result = 1;
  for (let i = 1; i <= m; i++) result = (result * (n - m + i)) / i;
  return Math.round(result);
}

function planOfRecord(record: CeremonyRecord): InitPlan {
  const parsed = InitPlanSchema.safeParse(record.plan);
  if (!parsed.success)
    throw new CeremonyScriptError(
      `the record's plan does not read as an initialization plan (${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}); the record may have been edited by hand`,
    );
  return parsed.data;
}
