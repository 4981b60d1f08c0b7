// The share audit through the UI (issue 12 §1): from the home screen, a ceremony folder through
// the folder step, Ada's share accepted, Grace entering a wrong share (named as hers, the turn
// stays open) and then her own, the verdict against the recorded check value, the report in the
// folder — and afterwards no share in the folder, the user data, the host's output or the page.
// The host's air-gap survey reads a sysfs laid out with a Bluetooth adapter and a USB stick
// (CUSTOS_TEST_AIR_GAP_ROOT): the first screen warns, and both surveys reach the transcript.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeShareCeremony } from '../../src-main/ceremonies/audit/testing/share-ceremony';
import { checkTranscript } from '../../src-main/records/transcript';
import type { TestCeremony } from '../../src-main/ceremonies/audit/testing/share-ceremony';
import { AuditPage } from '../support/audit-ceremony';
import { openCustos } from '../support/custos';
import type { CustosSession } from '../support/custos';
import { bytesNeedles, searchAfterCeremony, shareNeedles } from '../support/secrets-search';

describe('browser host: a share audit', () => {
  let parent: string;
  let ceremony: TestCeremony;
  let custos: CustosSession;
  let audit: AuditPage;

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'custos-e2e-share-audit-'));
    ceremony = await makeShareCeremony(parent);
    // A machine with a Bluetooth adapter and a USB stick, laid out as Linux's sysfs lays it out.
    const root = join(parent, 'machine');
    mkdirSync(join(root, 'sys', 'class', 'bluetooth', 'hci0'), { recursive: true });
    const stick = join(root, 'sys', 'bus', 'usb', 'devices', '1-2');
    mkdirSync(stick, { recursive: true });
    for (const [name, value] of [
      ['idVendor', '0781'],
      ['idProduct', '5581'],
      ['product', 'Ultra'],
      ['bDeviceClass', '00'],
    ])
      writeFileSync(join(stick, name!), `${value}\n`);
    custos = await openCustos({ env: { CUSTOS_TEST_AIR_GAP_ROOT: root } });
    audit = new AuditPage(custos.page);
  });

  afterAll(async () => {
    await custos?.close();
    rmSync(parent, { recursive: true, force: true });
  });

  it('names a wrong share by its custodian, takes the right one, and proves the set against the record', async () => {
    await audit.startFromHome();
    // The air-gap survey's warnings on the first screen: a warning, and the step still goes on.
    const warnings = await custos.page.locator('[data-testid="air-gap-warning"]').allTextContents();
    expect(warnings).toEqual([
      'Bluetooth adapters are present (hci0); switch Bluetooth off.',
      'USB devices other than the HSMs are connected (Ultra); unplug what the ceremony does not need.',
    ]);
    await audit.chooseFolder(ceremony.path, 'shares');

    await audit.beginTurn(1);
    await audit.pasteShare(ceremony.shares[0]!);
    expect(await audit.accepted()).toContain('Ada Lovelace');
    await audit.next();

    await audit.beginTurn(2);
    // Katherine's share body under Grace's number: not the share recorded for Grace.
    await audit.pasteShare(ceremony.shares[2]!.replace(/^2-3-/, '2-2-'));
    expect(await audit.shareRefusal()).toContain('Share 2 (Grace Hopper) is wrong');
    await audit.pasteShare(ceremony.shares[1]!);
    expect(await audit.accepted()).toContain('Grace Hopper');
    await audit.next();

    const result = await audit.result();
    expect(result.outcome).toBe('proven');
    expect(result.proven).toEqual(['1', '2']);
    expect(result.summary).toContain(ceremony.kcv);
    expect(existsSync(join(ceremony.path, result.report))).toBe(true);
    const transcript = checkTranscript(
      readFileSync(join(ceremony.path, 'transcript.jsonl'), 'utf8'),
    );
    if (!transcript.ok) throw new Error('the transcript does not check');
    const surveys = transcript.lines.filter((line) => line.event.startsWith('air-gap-'));
    expect(surveys.map((line) => line.event)).toEqual(['air-gap-preflight', 'air-gap-end']);
    for (const survey of surveys)
      expect(survey.data).toMatchObject({
        bluetoothAdapters: ['hci0'],
        usbDevices: [{ vendorId: '0781', productId: '5581', product: 'Ultra' }],
      });
    expect(custos.problems).toEqual([]);

    const needles = [
      ...ceremony.shares.flatMap((share, i) => shareNeedles(`share ${i + 1}`, share)),
      ...bytesNeedles('the wrap key', ceremony.key),
    ];
    const html = await audit.documentHtml();
    for (const share of ceremony.shares) expect(html.includes(share)).toBe(false);
    await audit.done();
    const found = searchAfterCeremony(custos, [ceremony.path], needles);
    expect(found.hits).toEqual([]);
    expect(found.filesSearched.length).toBeGreaterThan(0);
  });
});
