import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { capabilityList, parseWhole, readNumbers, readPath, readStrings } from './draft';
import type { PlanEditor } from './editor';
import { CheckboxField, ChoiceField, NumberField, TextField } from './fields';
import { FieldProblems, problemAttributes } from './FieldProblems';

const DOMAINS = Array.from({ length: 16 }, (_, index) => index + 1);

/**
 * Domains 1–16 as checkboxes in one group that a keyboard crosses with a single Tab (a roving
 * tabindex): Tab enters at the last box used, the arrow keys (and Home, End) move between the
 * boxes, Space turns one on or off, and the next Tab leaves the group. The wrap key and both
 * keys share these domains.
 */
export function DomainFields({ editor }: { editor: PlanEditor }) {
  const chosen = readNumbers(editor.draft, 'domains');
  const hintId = useId();
  const boxes = useRef<(HTMLInputElement | null)[]>([]);
  const [current, setCurrent] = useState(() => chosen[0] ?? 1);
  const toggle = (domain: number, on: boolean) => {
    const next = on
      ? [...chosen.filter((d) => d !== domain), domain].sort((a, b) => a - b)
      : chosen.filter((d) => d !== domain);
    editor.edit('domains', next);
  };
  const moveTo = (domain: number) => {
    setCurrent(domain);
    boxes.current[domain - 1]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>, domain: number) => {
    const last = DOMAINS.length;
    const target =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? (domain % last) + 1
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? ((domain + last - 2) % last) + 1
          : event.key === 'Home'
            ? 1
            : event.key === 'End'
              ? last
              : undefined;
    if (target === undefined) return;
    event.preventDefault();
    moveTo(target);
  };
  return (
    <fieldset
      className="plan-section"
      data-testid="plan-domains"
      {...problemAttributes(editor, { field: 'domains' })}
    >
      <legend>Domains</legend>
      <p className="field__hint" id={hintId}>
        The wrap key, the application key and the audit key all get these domains. From the
        keyboard: the arrow keys move between domains, Space turns one on or off, Tab goes on.
      </p>
      <div className="domains" role="group" aria-label="Domains 1 to 16" aria-describedby={hintId}>
        {DOMAINS.map((domain) => (
          <label key={domain} className="domain">
            <input
              ref={(element) => {
                boxes.current[domain - 1] = element;
              }}
              type="checkbox"
              data-testid="plan-domain"
              data-domain={domain}
              tabIndex={domain === current ? 0 : -1}
              checked={chosen.includes(domain)}
              onChange={(event) => toggle(domain, event.target.checked)}
              onFocus={() => setCurrent(domain)}
              onKeyDown={(event) => onKeyDown(event, domain)}
            />
            {domain}
          </label>
        ))}
      </div>
      <FieldProblems editor={editor} spot={{ field: 'domains' }} />
    </fieldset>
  );
}

const CUSTOM_LISTS = [
  ['wrapKey', 'Wrap key capabilities'],
  ['wrapKeyDelegated', 'Wrap key delegated capabilities'],
  ['applicationKey', 'Application key capabilities'],
  ['applicationKeyDelegated', 'Application key delegated capabilities'],
] as const;

/** "KSP / AD CS" (yubihsm-setup's masks) or capability lists written in yubihsm-shell's words. */
export function ProfileFields({ editor }: { editor: PlanEditor }) {
  const profile = readPath(editor.draft, 'capabilityProfile');
  const custom = typeof profile === 'object' && profile !== null;
  const audit = readPath(editor.draft, 'auditKey') !== undefined;
  const name = useId();
  const lists = audit
    ? [
        ...CUSTOM_LISTS,
        ['auditKey', 'Audit key capabilities (leave empty for the KSP profile’s)'] as const,
      ]
    : CUSTOM_LISTS;
  return (
    <fieldset
      className="plan-section"
      data-testid="plan-profile"
      {...problemAttributes(editor, { field: 'capabilityProfile', exact: true })}
    >
      <legend>Capability profile</legend>
      <label className="choice">
        <input
          type="radio"
          name={name}
          data-testid="plan-profile-ksp"
          checked={!custom}
          onChange={() => editor.edit('capabilityProfile', 'ksp')}
        />
        <span>
          KSP / AD CS
          <span className="choice__hint">
            yubihsm-setup 2.3.3 and later: what the YubiHSM Key Storage Provider and AD CS expect.
          </span>
        </span>
      </label>
      <label className="choice">
        <input
          type="radio"
          name={name}
          data-testid="plan-profile-custom"
          checked={custom}
          onChange={() =>
            editor.edit('capabilityProfile', {
              custom: {
                wrapKey: [],
                wrapKeyDelegated: [],
                applicationKey: [],
                applicationKeyDelegated: [],
              },
            })
          }
        />
        <span>
          Custom
          <span className="choice__hint">
            Name each capability as yubihsm-shell does (sign-ecdsa, exportable-under-wrap, …).
          </span>
        </span>
      </label>
      <FieldProblems editor={editor} spot={{ field: 'capabilityProfile', exact: true }} />
      {custom &&
        lists.map(([key, label]) => (
          <CapabilityList
            key={key}
            editor={editor}
            list={key}
            label={label}
            optional={key === 'auditKey'}
          />
        ))}
    </fieldset>
  );
}

function CapabilityList({
  editor,
  list,
  label,
  optional,
}: {
  editor: PlanEditor;
  list: string;
  label: string;
  optional: boolean;
}) {
  const id = useId();
  const path = `capabilityProfile.custom.${list}`;
  // The text as typed ("sign-ecdsa, "), so half-typed separators are not tidied away under the cursor.
  const [text, setText] = useState(() => readStrings(editor.draft, path).join(', '));
  const spot = { field: path };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={2}
        className="mono"
        data-testid={`plan-custom-${list}`}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          const names = capabilityList(event.target.value);
          editor.edit(path, optional && names.length === 0 ? undefined : names);
        }}
        spellCheck={false}
        {...problemAttributes(editor, spot)}
      />
      <FieldProblems editor={editor} spot={spot} />
    </div>
  );
}

/** How shares are made and handed out. */
export function ShareFields({ editor }: { editor: PlanEditor }) {
  return (
    <fieldset className="plan-section" data-testid="plan-shares">
      <legend>Shares</legend>
      <ChoiceField
        editor={editor}
        path="shareFormat"
        label="Share format"
        testId="plan-format"
        choices={[
          {
            value: 'yubihsm-setup',
            label: 'yubihsm-setup (K-X-base64)',
            hint: 'yubihsm-setup restore reads it; up to 9 custodians.',
          },
          {
            value: 'yubihsm-manager',
            label: 'yubihsm-manager 1.0 (T-X-hex)',
            hint: 'More than 9 custodians; yubihsm-setup cannot restore it.',
          },
        ]}
      />
      <ChoiceField
        editor={editor}
        path="shareConfirmation"
        label="How each custodian proves the share was recorded"
        testId="plan-confirmation"
        choices={[
          {
            value: 'spot-check',
            label: 'Spot check',
            hint: 'With the share hidden, re-type two groups Custos picks at random.',
          },
          {
            value: 'full',
            label: 'Full re-entry',
            hint: 'With the share hidden, re-type every line with its check character.',
          },
          {
            value: 'none',
            label: 'None',
            hint: 'The custodian only says the share is recorded; a sheet printed at the screen is still scanned back.',
          },
        ]}
      />
      <CheckboxField
        editor={editor}
        path="verificationRound"
        label="Verification round: after all shares, every custodian types theirs back before the device is written"
        testId="plan-verification-round"
      />
      <NumberField
        editor={editor}
        path="shareHideSeconds"
        label="A shown share hides after this many seconds without activity (10 to 600)"
        testId="plan-hide-seconds"
        parse={parseWhole}
        unreadable="Type a whole number of seconds, from 10 to 600."
      />
      <TextField
        editor={editor}
        path="contact"
        label="Contact line printed on the share sheets (optional)"
        testId="plan-contact"
        optional
      />
      {editor.rehearsal && (
        <CheckboxField
          editor={editor}
          path="keepFactoryKey"
          label="Keep the factory key (password “password”) on the simulated primary, for practice"
          testId="plan-keep-factory-key"
        />
      )}
    </fieldset>
  );
}
