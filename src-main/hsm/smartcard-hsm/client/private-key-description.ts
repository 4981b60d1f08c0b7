// The PKCS#15 private key description OpenSC writes to EF C4‹ref› next to a key it generates,
// and which sc-hsm-tool copies into a wrap file (spec §5.1, §6). Custos writes the same shape
// after GENERATE ASYMMETRIC KEY PAIR, so its keys list, wrap and unwrap as OpenSC's do.
//   RSA: 30 { common object 30 { 0C label }, common key 30 { 04 id, 03 usage, 02 ref },
//             [1] A1 { 30 { path 30 { 04 00 }, 02 modulus bits } } }
//   EC:  A0 { the same, [1] A1 { 30 { path 30 { 04 00 } } } }

import { parseTlvs, readTlv, tlv } from '../protocol/tlv';

export type DescribedKeyKind = 'ec-p256' | 'rsa-2048';

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

export function buildPrivateKeyDescription(options: {
  kind: DescribedKeyKind;
  label: string;
  id: Uint8Array;
  keyReference: number;
}): Uint8Array {
  const commonObject = tlv(0x30, tlv(0x0c, utf8(options.label)));
  // KeyUsageFlags: sign (bit 2) and non-repudiation (bit 9) for both kinds; decrypt for RSA.
  const usage =
    options.kind === 'rsa-2048' ? Uint8Array.of(0x06, 0xa0, 0x40) : Uint8Array.of(0x06, 0x20, 0x40);
  const commonKey = tlv(
    0x30,
    tlv(0x04, options.id),
    tlv(0x03, usage),
    tlv(0x02, Uint8Array.of(options.keyReference)),
  );
  const path = tlv(0x30, tlv(0x04, new Uint8Array(0)));
  if (options.kind === 'rsa-2048')
    return tlv(
      0x30,
      commonObject,
      commonKey,
      tlv(0xa1, tlv(0x30, path, tlv(0x02, Uint8Array.of(0x08, 0x00)))),
    );
  return tlv(0xa0, commonObject, commonKey, tlv(0xa1, tlv(0x30, path)));
}

/** The label of a PRKD, when it has one in the usual place; undefined otherwise. */
export function privateKeyLabel(description: Uint8Array): string | undefined {
  try {
    const outer = readTlv(description, 0).tlv;
    const [commonObject] = parseTlvs(outer.value);
    if (!commonObject || commonObject.tag !== 0x30) return undefined;
    const label = parseTlvs(commonObject.value).find((item) => item.tag === 0x0c);
    return label ? Buffer.from(label.value).toString('utf8') : undefined;
  } catch {
    return undefined;
  }
}
