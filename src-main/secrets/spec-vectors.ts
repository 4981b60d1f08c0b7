// Test vectors from spec/yubihsm-setup-interop.md §3.4–§3.5, shared by the tests in this folder.

/** RustySecrets 0.0.2 tests/test_vectors.rs: "My secret\n", K=2 of 5. */
export const MY_SECRET = 'My secret\n';
export const MY_SECRET_SHARES = [
  '2-1-1YAYwmOHqZ69jA',
  '2-2-YJZQDGm22Y77Gw',
  '2-3-+G9ovW9SAnUynQ',
  '2-4-F7rAjX3UOa53KA',
  '2-5-j0P4PHsw4lW+rg',
];

/** RustySecrets README: K=5, shares 1, 2, 3, 6, 7 of a larger set. */
export const IMMORAL_SECRET = 'The immoral cannot be made moral through the use of secret law.';
export const IMMORAL_SHARES = [
  '5-1-DbuicpLQiCf7bVWiAz8eCpQGpdZmYQ7z2j2+g351tWFLOQPTZkXY8BYfwGGGjkOoz1g9x0ScmLFcWk+2tign',
  '5-2-nShdfkY5+SlfybMyqjHXCZ01bq5N/0Lkf0nQZw5x3bnHIEVfa0RA4YcJ4SjG/UdpgO/gOcyLRkSp2Dwf8bvw',
  '5-3-qEhJ3IVEdbDkiRoy+jOJ/KuGE9jWyGeOYEcDwPfEV8E9rfD1Bc17BQAbJ51Xd8oexS2M1qMvNgJHZUQZbUgQ',
  '5-6-yyVPUeaYPPiWK0wIV5OQ/t61V0lSEO+7X++EWeHRlIq3sRBNwUpKNfx/C+Vc9xTzUftrqBKvkWDZQal7nyi2',
  '5-7-i8iL6bVf272B3qIjp0QqSny6AIm+DkP7oQjkVVLvx9EMhlvd4HJOxPpmtNF/RjA/zz21d7DY/B//saOPpBQa',
];

/** The 52-byte wrap secret of the yubihsm-setup-shaped vectors: ID 2, domain 1, 2.3.3+ masks, key 00..1f. */
export const WRAP_SECRET_HEX =
  '00020001' +
  '0000000000003000' +
  '00000000010539f0' +
  '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';

export const SETUP_2_OF_3 = [
  '2-1-KXC7BU2W3yhxujNMld4ncLgHcmTdJ227BU+V2y1nvQtFn9UrfaftW4XPNXut512LxT91qw',
  '2-2-UuZrCZoxo1DiaTaYN6FO4G4Br8WnTdxuBpE9okLVeQueNKVHymDxgyu8UM9v+JQms1nIag',
  '2-3-e5TQDdenfHiT0zXUon9pkNcD5FF6a7PWB9uufme7zgvXpn5jp9YOy7pmc6PaBtO2anuj3g',
];

export const SETUP_3_OF_5 = [
  '3-1-u1VLTsv3279bd3vPy9e7X3pS8j/Ltll8X7LNyMNecVS32sXAW2ZJrM/i3VhTTqHE58pVUA',
  '3-2-4kb3rYgzIOZ4g4CMzzT6fL6BqTtI72K4vGHRSwd9rbdU7l4EGKKyT8sxARtXrVrABD4OVA',
  '3-3-WRG84kPE+1kj9MtDBONBI8XWYvSDWDnH59YahMwq1ujvOZXLU9Xp8BDGylQc+uEf/+lFGw',
  '3-4-xwVqjAFBVv/vstU5jk6X11u4aEa7jr1hUZHYhDyuAGZwi+UDQgMXV3omcn3FBDZNxyEc+g',
  '3-5-fFIhw8q2jUC0xZ72RZksiCDvo4lwOeYeCiYTS/f5eznLXC7MCXRM6KHRuTKOU42SPPZXtQ',
];

/** §3.4: with threshold 1 every share is the base64 of the secret itself. */
export const THRESHOLD_ONE_LINE =
  '1-1-AAIAAQAAAAAAADAAAAAAAAEFOfAAAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHw';

/**
 * The deterministic stand-in for OsRng the vectors were made with: the i-th byte drawn
 * (counting from 0) is (73*i + 41) mod 256. The K=3 set continues the stream at i = 52.
 */
export function specRandomStream(start = 0): (length: number) => Uint8Array {
  let i = start;
  return (length) => {
    const out = new Uint8Array(length);
    for (let k = 0; k < length; k++, i++) out[k] = (73 * i + 41) % 256;
    return out;
  };
}

/** A small seeded generator for reproducible random-looking test data (not for secrets). */
export function seededBytes(seed: number): (length: number) => Uint8Array {
  let state = seed >>> 0 || 1;
  return (length) => {
    const out = new Uint8Array(length);
    for (let k = 0; k < length; k++) {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      out[k] = state & 0xff;
    }
    return out;
  };
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

export function fromHex(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'hex'));
}

/** All k-element subsets of `items`, in order. */
export function subsets<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  if (items.length < k) return [];
  const [first, ...rest] = items;
  return [...subsets(rest, k - 1).map((s) => [first!, ...s]), ...subsets(rest, k)];
}
