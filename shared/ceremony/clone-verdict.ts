// What a verification of a clone concludes, for every place that says it (the record's
// allMatch, the CLI sentence, the witness's report, the result screen). A signing key that could
// not be checked (the primary's public key is not recorded) is not a success: its object info
// matching proves nothing about the key inside, which is what the signature check is for, so a
// witness signing "every signing key signed" must not be shown that for an unchecked key.

export type CloneVerdict = 'matches' | 'not-fully-verified' | 'does-not-match';

interface Verified {
  objects: readonly { status: string }[];
  signatures: readonly { status: string }[];
}

export function cloneVerdict({ objects, signatures }: Verified): CloneVerdict {
  const objectsMatch = objects.every((o) => o.status === 'match' || o.status === 'not-backed-up');
  if (!objectsMatch || signatures.some((s) => s.status === 'failed')) return 'does-not-match';
  return signatures.every((s) => s.status === 'verified') ? 'matches' : 'not-fully-verified';
}
