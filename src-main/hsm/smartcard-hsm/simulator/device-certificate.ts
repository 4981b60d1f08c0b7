// EF.C_DevAut (2F02): the device's own card-verifiable certificate. OpenSC's PKCS#15 emulation
// reads it first and takes the token serial from its holder reference (minus the last five
// characters), so without it pkcs15-tool and the PKCS#11 module see no token. A real device
// carries one issued by CardContact's device CA; the simulated one is self-signed by the card's
// device key and survives INITIALIZE, like the real one.

import { createHash } from 'node:crypto';
import { KeyAlgorithmOid } from '../protocol/wrapped-key';
import { tlv } from '../protocol/tlv';
import { ecdsaSignPlain, ecPublicPoint } from './card-keys';
import type { CardFlavour } from './card-state';

export const DEVICE_CERTIFICATE_FID = 0x2f02;

const ascii = (text: string) => new Uint8Array(Buffer.from(text, 'ascii'));

/** "DESIM" or "ESPCO", five hex digits from the device key, then the 5-digit sequence. */
export function deviceHolderReference(deviceKey: Uint8Array, flavour: CardFlavour): string {
  const id = createHash('sha256')
    .update(ecPublicPoint({ d: deviceKey }))
    .digest('hex');
  const prefix = flavour === 'pico-hsm' ? 'ESPCO' : 'DESIM';
  return `${prefix}${id.slice(0, 5).toUpperCase()}00001`;
}

export function deviceCertificate(deviceKey: Uint8Array, flavour: CardFlavour): Uint8Array {
  const body = tlv(
    0x7f4e,
    tlv(0x5f29, Uint8Array.of(0)),
    tlv(0x42, ascii(flavour === 'pico-hsm' ? 'ESPICOHSMDV00001' : 'DESIMCACC100001')),
    tlv(
      0x7f49,
      tlv(0x06, KeyAlgorithmOid.ECDSA_SHA256),
      tlv(0x86, ecPublicPoint({ d: deviceKey })),
    ),
    tlv(0x5f20, ascii(deviceHolderReference(deviceKey, flavour))),
  );
  return tlv(0x7f21, body, tlv(0x5f37, ecdsaSignPlain({ d: deviceKey }, body)));
}
