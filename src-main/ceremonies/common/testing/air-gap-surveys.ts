// The air-gap surveys a ceremony test gives its engine (issue 14, Deliver "Air gap"): the machine
// at preflight has a wireless interface up and a USB stick in; at the end it is cleared. Each
// engine test checks both surveys reach its ceremony folder's transcript, in order.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { checkTranscript } from '../../../records/transcript';
import type { AirGapSurvey } from '../air-gap';

/** What the preflight survey above says on a ceremony's first screen. */
export const AIR_GAP_WARNINGS = [
  'Wireless network interfaces are active (wlan0); switch them off.',
  'USB devices other than the HSMs are connected (Ultra); unplug what the ceremony does not need.',
];

export interface AirGapSurveys {
  /** The engine's `airGap` option. */
  readonly source: () => AirGapSurvey;
  /** Every survey taken, in order. */
  readonly taken: AirGapSurvey[];
}

export function airGapSurveys(): AirGapSurveys {
  const taken: AirGapSurvey[] = [];
  const source = () => {
    const first = taken.length === 0;
    const survey: AirGapSurvey = {
      takenAt: new Date(Date.UTC(2026, 5, 1, 10, taken.length)).toISOString(),
      networkInterfaces: first
        ? [{ name: 'wlan0', kind: 'wireless', addresses: ['192.0.2.7'] }]
        : [],
      bluetoothAdapters: [],
      removableMedia: [],
      usbDevices: first ? [{ vendorId: '0781', productId: '5581', product: 'Ultra' }] : [],
      notChecked: [],
    };
    taken.push(survey);
    return survey;
  };
  return { source, taken };
}

/** A ceremony folder's transcript events, its hash chain checked. */
export async function transcriptEvents(
  folder: string,
): Promise<{ event: string; data: unknown }[]> {
  const checked = checkTranscript(await readFile(join(folder, 'transcript.jsonl'), 'utf8'));
  if (!checked.ok) throw new Error('the transcript does not check');
  return checked.lines.map((line) => ({ event: line.event, data: line.data }));
}

/**
 * This ceremony's two surveys, once each and in order: the preflight's and the end's. A folder
 * other ceremonies worked in before holds their surveys too; the ones taken here are told apart
 * by their content (each has its own time).
 */
export function expectBothSurveys(
  lines: { event: string; data: unknown }[],
  taken: AirGapSurvey[],
): void {
  expect(taken).toHaveLength(2);
  const where = (event: string, survey: AirGapSurvey) =>
    lines.flatMap((line, index) =>
      line.event === event && JSON.stringify(line.data) === JSON.stringify(survey) ? [index] : [],
    );
  const preflight = where('air-gap-preflight', taken[0]!);
  const end = where('air-gap-end', taken[1]!);
  expect(preflight).toHaveLength(1);
  expect(end).toHaveLength(1);
  expect(preflight[0]!).toBeLessThan(end[0]!);
}

/** The event `before` comes after both surveys (the ceremony's recorded end covers them). */
export function expectSurveysBefore(lines: { event: string }[], before: string): void {
  const at = (event: string) => lines.map((line) => line.event).lastIndexOf(event);
  expect(at(before)).toBeGreaterThan(at('air-gap-end'));
}
