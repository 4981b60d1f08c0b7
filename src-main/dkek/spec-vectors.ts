// Known answers from ../shared/spec/smartcard-hsm-dkek.md §8, for the tests only. V3, V4 and V6
// were cross-checked there with Python, `openssl enc` and Debian's sc-hsm-tool 0.23.

export const hex = (text: string): Uint8Array =>
  Uint8Array.from(Buffer.from(text.replace(/[\s:]/g, ''), 'hex'));

const ascii = (text: string) => Uint8Array.from(Buffer.from(text, 'ascii'));
const salt = hex('0102030405060708');
const share = Uint8Array.from({ length: 32 }, (_, i) => i);

/** `.pbe` with c = 1 (fast tests only). */
export const V2 = {
  password: ascii('testpw'),
  salt,
  share,
  key: 'eb55b5aeca1b99d70eef0674499a368b2c5818d92d60e179f46106b6cc0c01b9',
  iv: '00435a3e2f98c280896dd28dc7b9775d',
  file: '53616c7465645f5f0102030405060708afb20dade6d26fe9da281ea4b2b1d4850ee1e0cc9046237c43f632a39200c3b4ab7a881f6715052aebfd866a39c92bcd',
};

/** The same inputs at sc-hsm-tool's real cost, c = 10^7. */
export const V3 = {
  password: ascii('testpw'),
  salt,
  share,
  key: '384cf01d71dc09434634f78a85f51718a341a135cea9a816c7b17ae38d5dc0ea',
  iv: '0359cba8da13b213fc33b9ad38b6266c',
  file: '53616c7465645f5f01020304050607087eb1fd129500f336d37e67c626d6139d819f84d81b08e88d02ecdef048a2e0adc793958b4327cd67eb9edcc85538958d',
};

/** A binary 8-byte password, as a threshold set uses (c = 10^7). */
export const V4 = {
  password: hex('5a112233445566aa'),
  salt,
  share,
  file: '53616c7465645f5f01020304050607085eb0f12f731c1b98c02a3022f482b08a8896aa97579f8c6b6f61b5c3f4cc74de7de191b60aa891ce887b53180f853277',
};

/** Shamir 3-of-5 of V4's password over a 64-bit safe prime. */
export const V5 = {
  prime: 'f5:56:46:c9:a5:a1:01:87',
  secret: '5a112233445566aa',
  coefficients: ['0123456789abcdef', '1111111111111111'],
  shares: [
    '6c:45:78:ab:df:12:45:aa',
    'a0:9b:f1:46:9b:f1:46:cc',
    '01:be:45:39:d5:51:68:89',
    '7a:59:02:18:d6:74:ad:ef',
    '1f:bf:9a:50:54:19:13:f0',
  ],
  /** What shares 1 and 2 alone (below the threshold) interpolate to. */
  belowThreshold: '37ef001122334488',
};

/** A 2-of-3 set and its file, made by sc-hsm-tool itself. */
export const V6 = {
  file: '53616c7465645f5fba4d865a9cd94ddde6134b9a0a5a30694e70da86d84314888a93986e406004e39881e8d218932d8882b5eab5c50c2b0c9cce5974f49f0971',
  prime: 'd7:e3:4e:0c:36:65:8f:93',
  shares: ['cd:65:76:f4:2d:10:f8:ba', '74:77:44:4c:ee:ff:39:a8', '1b:89:11:a5:b0:ed:7a:96'],
  password: '4e705b8f34bd2839',
  share: 'eeebd03ee70c1c280157256d394a033773644e1beac3f800c93501c249b69f2f',
  checkValue: '4CA6B49CBEF4D6CF',
};

/** Two files sc-hsm-tool made with typed passwords. */
export const V7 = [
  {
    file: '53616c7465645f5fea7e18e10ee7bf179bc8bc505154297c6b66fc7204d68cd1026ab3e8636cdcf37e3a2c07df28534122ac3ad558db26ca276068b64f5f9811',
    password: 'testpw',
    share: '78a2671e4cfa2e2d16f929d8360649fa49166d4e13685e485eddb502a9a265f4',
  },
  {
    file: '53616c7465645f5f60f5b68f3b28449d1763bd770b0d8962bd1a83b0bbd37e0c4714b7bbca9ed3cdcdcad4d6e82f7a79ecc7e0381c66172c62fe156398bcb034',
    password: 'testpw2',
  },
];

/** The leading-zero password of §4.3 defect 1 (salt and share as V3, c = 10^7). */
export const V8 = { password: '00112233445566aa', prime: V5.prime };
