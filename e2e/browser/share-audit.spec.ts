// The share audit through the UI (issue 12 §1): from the home screen, a ceremony folder through
// the folder step, Ada's share accepted, Grace entering a wrong share (named as hers, the turn
// stays open) and then her own, the verdict against the recorded check value, the report in the
// folder — and afterwards no share in the folder, the user data, the host's output or the page.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeShareCeremony } from '../../src-main/ceremonies/audit/testing/share-ceremony';
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
    custos = await openCustos();
    audit = new AuditPage(custos.page);
  });

  afterAll(async () => {
    await custos?.close();
    rmSync(parent, { recursive: true, force: true });
  });

  it('names a wrong share by its custodian, takes the right one, and proves the set against the record', async () => {
    await audit.startFromHome();
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
