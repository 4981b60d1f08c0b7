import { hexId } from '../../../components/ObjectTable';
import { parseObjectId, readPath } from './draft';
import type { PlanEditor } from './editor';
import { CheckboxField, NumberField, TextField } from './fields';
import { PasswordPair } from './PasswordPair';

const ID_HINT = '0 lets Custos pick a free id; decimal (2) or hex (0x0002).';
const ID_UNREADABLE =
  'Type an object id as a number from 0 to 65534, in decimal (2) or hex (0x0002).';

function showId(value: number): string {
  return value === 0 ? '0' : hexId(value);
}

/** The wrap key's id, the application key, and the audit key if the plan has one. */
export function KeyFields({
  editor,
  passwords,
}: {
  editor: PlanEditor;
  passwords: { application: boolean; audit: boolean };
}) {
  const audit = readPath(editor.draft, 'auditKey') !== undefined;
  return (
    <>
      <fieldset className="plan-section" data-testid="plan-wrap-key-section">
        <legend>Wrap key</legend>
        <NumberField
          editor={editor}
          path="wrapKey.id"
          label="Wrap key object id"
          testId="plan-wrap-key-id"
          hint={ID_HINT}
          parse={parseObjectId}
          unreadable={ID_UNREADABLE}
          show={showId}
        />
      </fieldset>
      <fieldset className="plan-section" data-testid="plan-application-key-section">
        <legend>Application authentication key</legend>
        <p className="field__hint">
          The key the KSP (or yubihsm-shell) logs in with once the factory key is gone.
        </p>
        <NumberField
          editor={editor}
          path="applicationKey.id"
          label="Object id"
          testId="plan-application-key-id"
          hint={ID_HINT}
          parse={parseObjectId}
          unreadable={ID_UNREADABLE}
          show={showId}
        />
        <TextField
          editor={editor}
          path="applicationKey.label"
          label="Label (at most 40 bytes)"
          testId="plan-application-key-label"
        />
        <PasswordPair editor={editor} which="application" isSet={passwords.application} />
        <CheckboxField
          editor={editor}
          path="rsaDecrypt"
          label="Add RSA decryption (decrypt-pkcs, decrypt-oaep), as yubihsm-setup asks"
          testId="plan-rsa-decrypt"
        />
      </fieldset>
      <fieldset className="plan-section" data-testid="plan-audit-key-section">
        <legend>Audit authentication key</legend>
        <CheckboxField
          editor={editor}
          path="auditKey"
          label="Create an audit key (reads and clears the device’s audit log)"
          testId="plan-audit-key"
          spot={{ field: 'auditKey', exact: true }}
          checked={audit}
          onChange={(checked) =>
            editor.edit('auditKey', checked ? { id: 0, label: 'Audit auth key' } : undefined)
          }
        />
        {audit && (
          <>
            <NumberField
              editor={editor}
              path="auditKey.id"
              label="Object id"
              testId="plan-audit-key-id"
              hint={ID_HINT}
              parse={parseObjectId}
              unreadable={ID_UNREADABLE}
              show={showId}
            />
            <TextField
              editor={editor}
              path="auditKey.label"
              label="Label (at most 40 bytes)"
              testId="plan-audit-key-label"
            />
            <PasswordPair editor={editor} which="audit" isSet={passwords.audit} />
          </>
        )}
      </fieldset>
    </>
  );
}
