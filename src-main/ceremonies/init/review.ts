// The review screen: every value of the plan in words, in the order it is read aloud to the
// witnesses before anything happens — what will be created, who gets a share, what will be
// written where, and what will be deleted.

import type { PlanProblem } from '../../../shared/ceremony/init-plan';
import { formatDomains } from '../../hsm/yubihsm/protocol/domains';
import { wrappedFileName } from '../../records/wrapped-file';
import { capabilityWords } from './capability-profile';
import { hexId, maskText } from '../common/objects';
import { FACTORY_KEY_ID } from '../../hsm/yubihsm/protocol/factory-state';
import { WRAP_KEY_LABEL, type ResolvedPlan } from './resolved-plan';

export interface ReviewRow {
  label: string;
  value: string;
}

export interface ReviewSection {
  title: string;
  rows: ReviewRow[];
}

const CONFIRMATION_WORDS = {
  'spot-check': 'each custodian re-types two groups of their share, with the share hidden',
  full: 'each custodian re-types every line of their share with its check character, with the share hidden',
  none: 'the custodian only says the share is recorded',
} as const;

function idText(id: number, chosen: boolean): string {
  return chosen
    ? `${hexId(id)} (picked by Custos: the plan said 0, and this id is free on the primary)`
    : hexId(id);
}

export function reviewSections(resolved: ResolvedPlan): ReviewSection[] {
  const { plan, capabilities: caps, primary } = resolved;
  const chosen = new Set(resolved.chosenIds);
  const domains = formatDomains(resolved.domains).split(':').join(', ');
  const n = plan.custodians.length;
  const sections: ReviewSection[] = [
    {
      title: 'Ceremony',
      rows: [
        { label: 'Name', value: plan.ceremony },
        {
          label: 'Rehearsal',
          value: primary.simulated
            ? 'Yes: the primary is a simulated YubiHSM 2'
            : 'No: this is a real YubiHSM 2',
        },
        { label: 'Ceremony folder', value: resolved.folder },
        ...(plan.contact
          ? [{ label: 'Who to call (printed on the sheets)', value: plan.contact }]
          : []),
      ],
    },
    {
      title: 'Primary YubiHSM 2',
      rows: [
        { label: 'Serial', value: String(primary.serial) },
        { label: 'Firmware', value: primary.firmware },
        {
          label: 'Connected through',
          value:
            primary.transport === 'simulator'
              ? 'the built-in simulator'
              : primary.transport === 'usb'
                ? 'USB'
                : 'yubihsm-connector',
        },
      ],
    },
    {
      title: 'Custodians and shares',
      rows: [
        {
          label: 'Threshold',
          value: `${plan.threshold} of ${n}: any ${plan.threshold} custodian${plan.threshold === 1 ? '' : 's'} together can restore the wrap key`,
        },
        ...plan.custodians.map((name, index) => ({ label: `Share ${index + 1}`, value: name })),
        {
          label: 'Share format',
          value:
            plan.shareFormat === 'yubihsm-setup'
              ? 'yubihsm-setup (K-X-base64; yubihsm-setup restore reads it)'
              : 'yubihsm-manager 1.0 (T-X-hex)',
        },
        { label: 'Proof a share was recorded', value: CONFIRMATION_WORDS[plan.shareConfirmation] },
        {
          label: 'Verification round',
          value: plan.verificationRound
            ? 'Yes: after all shares, every custodian types theirs back before the device is written'
            : 'No',
        },
        {
          label: 'A shown share hides after',
          value: `${plan.shareHideSeconds} seconds without activity`,
        },
      ],
    },
    {
      title: 'Wrap key',
      rows: [
        { label: 'Object id', value: idText(plan.wrapKey.id, chosen.has('wrapKey')) },
        { label: 'Label', value: WRAP_KEY_LABEL },
        {
          label: 'Algorithm',
          value: "aes256-ccm-wrap (the device's random bytes combined with this computer's)",
        },
        { label: 'Domains', value: domains },
        { label: 'Capability profile', value: caps.name },
        { label: 'Capabilities', value: capabilityWords(caps.wrapKey) },
        {
          label: 'Delegated capabilities',
          value: `${capabilityWords(caps.wrapKeyDelegated)} (${maskText(caps.wrapKeyDelegated)})`,
        },
      ],
    },
    keySection(
      'Application authentication key',
      plan.applicationKey,
      chosen.has('applicationKey'),
      caps.applicationKey,
      caps.applicationKeyDelegated,
      domains,
    ),
  ];
  if (plan.auditKey) {
    sections.push(
      keySection(
        'Audit authentication key',
        plan.auditKey,
        chosen.has('auditKey'),
        caps.auditKey,
        caps.auditKeyDelegated,
        domains,
      ),
    );
  }
  const files = [
    'ceremony.json (the record: no share, no password, no key)',
    'transcript.jsonl (every event, hash-chained)',
    wrappedFileName(plan.applicationKey.id, 'authentication-key'),
  ];
  if (plan.auditKey) files.push(wrappedFileName(plan.auditKey.id, 'authentication-key'));
  sections.push({
    title: 'Files written to the ceremony folder',
    rows: files.map((file, index) => ({ label: `File ${index + 1}`, value: file })),
  });
  sections.push({
    title: 'What will be deleted',
    rows: [
      plan.keepFactoryKey
        ? {
            label: 'Factory authentication key',
            value: `Kept (rehearsal only): key ${hexId(FACTORY_KEY_ID)} with the password "password" stays on the simulated primary`,
          }
        : {
            label: 'Factory authentication key',
            value: `Key ${hexId(FACTORY_KEY_ID)} is deleted last, only after the application key has proved it opens a session`,
          },
      { label: 'Anything else', value: 'Nothing: the primary holds only its factory key now' },
    ],
  });
  return sections;
}

/** Warnings read with the review: the plan's own and the machine's network. */
export function reviewWarnings(
  planWarnings: readonly PlanProblem[],
  network: string | undefined,
): PlanProblem[] {
  return [...planWarnings, ...(network ? [{ field: 'network', message: network }] : [])];
}

function keySection(
  title: string,
  key: { id: number; label: string },
  chosen: boolean,
  caps: bigint,
  delegated: bigint,
  domains: string,
): ReviewSection {
  return {
    title,
    rows: [
      { label: 'Object id', value: idText(key.id, chosen) },
      { label: 'Label', value: key.label },
      { label: 'Domains', value: domains },
      { label: 'Capabilities', value: capabilityWords(caps) },
      { label: 'Delegated capabilities', value: capabilityWords(delegated) },
      {
        label: 'Password',
        value:
          'Set and confirmed (not shown); derived as yubihsm-shell does, so the KSP and yubihsm-shell log in with it',
      },
      {
        label: 'Backup',
        value: `Exported under the wrap key to ${wrappedFileName(key.id, 'authentication-key')}`,
      },
    ],
  };
}
