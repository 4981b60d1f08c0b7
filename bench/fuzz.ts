// `npm run fuzz`: fuzzing at scale, in the bench tier (the unit suite keeps a deterministic
// sample: simulator/fuzz.test.ts and client/fuzz.test.ts). Random and mutated frames go into
// the simulated YubiHSM 2, outer and sealed inside a session; random and mutated answers go
// into the real client. A crash is anything but a well-formed frame from the simulator, or
// anything but the three YubiHSM error classes from the client; a hang is a call not settled
// within two seconds. Prints the seed first, so any failure reproduces with --seed.
//
//   npm run fuzz -- [--seed n] [--frames n]

import { randomInt } from 'node:crypto';
import { deriveAuthenticationKeys } from '../src-main/hsm/yubihsm/crypto/password-keys';
import { YubiHsmClient } from '../src-main/hsm/yubihsm/client/yubihsm-client';
import { Command, responseCodeFor } from '../src-main/hsm/yubihsm/protocol/commands';
import {
  YubiHsmDeviceError,
  YubiHsmProtocolError,
  YubiHsmTransportError,
} from '../src-main/hsm/yubihsm/protocol/device-errors';
import {
  MAX_FRAME_LENGTH,
  encodeFrame,
  tryDecodeFrame,
} from '../src-main/hsm/yubihsm/protocol/frame';
import { SimulatedYubiHsm } from '../src-main/hsm/yubihsm/simulator/simulated-yubihsm';
import { INNER_COMMANDS } from '../src-main/hsm/yubihsm/simulator/commands';
import { openRawSession, type RawSession } from '../src-main/hsm/yubihsm/simulator/test-support';
import {
  seededRandom,
  type SeededRandom,
} from '../src-main/hsm/yubihsm/test-support/seeded-random';
import type { YubiHsmTransport } from '../src-main/hsm/yubihsm/transport/transport';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const seed = Number(option('seed') ?? randomInt(2 ** 31));
const frames = Number(option('frames') ?? 100_000);
const HANG_MS = 2000;

class Hang extends Error {}

function settle<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Hang('no answer within 2 s')), HANG_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

function mutate(random: SeededRandom, frame: Uint8Array): Uint8Array {
  const copy = frame.slice();
  switch (random.int(6)) {
    case 0:
      for (let i = random.int(4) + 1; i > 0 && copy.length; i--)
        copy[random.int(copy.length)]! ^= 1 << random.int(8);
      return copy;
    case 1:
      return copy.subarray(0, random.int(copy.length + 1));
    case 2:
      return new Uint8Array([...copy, ...random.bytes(random.int(40) + 1)]);
    case 3:
      if (copy.length > 3) copy[3 + random.int(copy.length - 3)] = random.int(256);
      return encodeFrame(copy[0] ?? 0, copy.subarray(3, MAX_FRAME_LENGTH - 3));
    case 4:
      copy[0] = random.int(256);
      return copy;
    default:
      return random.bytes(random.int(80));
  }
}

interface Outcome {
  crashes: string[];
  hangs: number;
  ms: number;
}

async function fuzzSimulator(random: SeededRandom): Promise<Outcome> {
  const started = Date.now();
  const device = await SimulatedYubiHsm.create({ randomBytes: (count) => random.bytes(count) });
  const keys = await deriveAuthenticationKeys('password');
  let session: RawSession = await openRawSession(device, { keys });
  const outer = [
    encodeFrame(Command.Echo, Uint8Array.of(1, 2, 3)),
    encodeFrame(Command.DeviceInfo, new Uint8Array(0)),
    encodeFrame(Command.CreateSession, Uint8Array.of(0, 1, ...random.bytes(8))),
  ];
  const inner = [...INNER_COMMANDS.keys()];
  const crashes: string[] = [];
  let hangs = 0;
  for (let i = 0; i < frames; i += 1) {
    if (i % 500 === 0) session = await openRawSession(device, { keys }).catch(() => session);
    let frame: Uint8Array;
    switch (random.int(3)) {
      case 0:
        frame = mutate(random, random.pick(outer));
        break;
      case 1:
        frame = session.seal(random.pick(inner), random.bytes(random.int(120)));
        break;
      default:
        frame = mutate(random, session.seal(random.pick(inner), random.bytes(random.int(60))));
    }
    try {
      const response = await settle(device.process(frame));
      const decoded = tryDecodeFrame(response);
      const wellFormed =
        decoded !== undefined &&
        response.length <= MAX_FRAME_LENGTH &&
        (decoded.code === 0x7f
          ? decoded.payload.length === 1
          : frame.length === 0 || decoded.code === responseCodeFor(frame[0]!));
      if (!wellFormed) crashes.push(`frame ${i}: answer is not a well-formed frame`);
    } catch (error) {
      if (error instanceof Hang) hangs += 1;
      else crashes.push(`frame ${i}: ${(error as Error).name}: ${(error as Error).message}`);
    }
  }
  await device.close();
  return { crashes, hangs, ms: Date.now() - started };
}

/** A transport that answers each request with a fuzzed frame from the real device's answer. */
function fuzzedTransport(random: SeededRandom, device: SimulatedYubiHsm): YubiHsmTransport {
  return {
    kind: 'simulator',
    address: 'fuzz',
    async transceive(frame) {
      const genuine = await device.process(frame);
      switch (random.int(5)) {
        case 0:
          return genuine;
        case 1:
          throw new YubiHsmTransportError('fuzz: the cable fell out');
        case 2:
          return encodeFrame(random.int(256), random.bytes(random.int(80)));
        default:
          return mutate(random, genuine);
      }
    },
    async close() {},
  };
}

async function fuzzClient(random: SeededRandom): Promise<Outcome> {
  const started = Date.now();
  const device = await SimulatedYubiHsm.create({ randomBytes: (count) => random.bytes(count) });
  const keys = await deriveAuthenticationKeys('password');
  const client = new YubiHsmClient(fuzzedTransport(random, device));
  const crashes: string[] = [];
  let hangs = 0;
  for (let i = 0; i < frames; i += 1) {
    const call = random.int(4);
    try {
      if (call === 0) await settle(client.deviceInfo());
      else if (call === 1) await settle(client.echo(random.bytes(random.int(64))));
      else {
        const session = await settle(client.openSession(1, { keys }));
        try {
          await settle(session.listObjects());
        } finally {
          await settle(session.close()).catch(() => undefined);
        }
      }
    } catch (error) {
      if (error instanceof Hang) hangs += 1;
      else if (
        !(error instanceof YubiHsmDeviceError) &&
        !(error instanceof YubiHsmProtocolError) &&
        !(error instanceof YubiHsmTransportError)
      )
        crashes.push(`answer ${i}: ${(error as Error).name}: ${(error as Error).message}`);
    }
  }
  await device.close();
  return { crashes, hangs, ms: Date.now() - started };
}

console.log(
  `Custos fuzz: seed ${seed}, ${frames} frames each way (npm run fuzz -- --seed ${seed})`,
);
const results: [string, Outcome][] = [
  ['frames into the simulator', await fuzzSimulator(seededRandom(seed))],
  ['answers into the client', await fuzzClient(seededRandom(seed ^ 0x5a5a5a5a))],
];
let failed = false;
for (const [what, outcome] of results) {
  console.log(
    `${what}: ${frames} in ${(outcome.ms / 1000).toFixed(1)} s, ${outcome.crashes.length} crashes, ${outcome.hangs} hangs`,
  );
  for (const crash of outcome.crashes.slice(0, 10)) console.log(`  ${crash}`);
  if (outcome.crashes.length > 0 || outcome.hangs > 0) failed = true;
}
process.exit(failed ? 1 : 0);
