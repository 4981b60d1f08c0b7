// The plan form's inputs: one share file's fields (one custodian's typed password, twice, or a
// t-of-n split of its password) with where its `.pbe` goes, and the labelled text input the
// whole form uses.

import type { ShareDraft } from './plan-form';

export function ShareFields(props: {
  number: number;
  share: ShareDraft;
  onChange: (share: ShareDraft) => void;
}) {
  const { number, share, onChange } = props;
  const destination = (
    <Field
      label={`Share ${number}: where its share file goes (full path of the .pbe on its holder's medium; blank: the ceremony folder)`}
      value={share.file}
      onChange={(file) => onChange({ ...share, file })}
      testId={`dkek-share-${number}-file`}
    />
  );
  if (share.kind === 'password')
    return (
      <div className="share-draft" data-testid={`dkek-share-${number}`}>
        <p>Share {number}: one custodian’s typed password</p>
        <Field
          label={`Share ${number} custodian`}
          value={share.custodian}
          onChange={(custodian) => onChange({ ...share, custodian })}
          testId={`dkek-share-${number}-custodian`}
        />
        <Field
          label={`Share ${number} password (at least 6 characters; longer is far better)`}
          value={share.password}
          onChange={(password) => onChange({ ...share, password })}
          testId={`dkek-share-${number}-password`}
          secret
        />
        <Field
          label={`Share ${number} password again`}
          value={share.confirmation}
          onChange={(confirmation) => onChange({ ...share, confirmation })}
          testId={`dkek-share-${number}-password-again`}
          secret
        />
        {destination}
      </div>
    );
  return (
    <div className="share-draft" data-testid={`dkek-share-${number}`}>
      <p>Share {number}: its password split among custodians (3 to 9, in share order)</p>
      <Field
        label={`Share ${number} custodians, separated by commas`}
        value={share.custodians}
        onChange={(custodians) => onChange({ ...share, custodians })}
        testId={`dkek-share-${number}-custodians`}
      />
      <Field
        label={`Share ${number}: how many custodians open it`}
        value={share.threshold}
        onChange={(threshold) => onChange({ ...share, threshold })}
        testId={`dkek-share-${number}-threshold`}
      />
      {destination}
    </div>
  );
}

export function Field(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  secret?: boolean;
}) {
  return (
    <label className="field">
      <span className="field__label">{props.label}</span>
      <input
        type={props.secret ? 'password' : 'text'}
        value={props.value}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => props.onChange(event.target.value)}
        data-testid={props.testId}
      />
    </label>
  );
}
