// Command-line flags and environment variables both hosts understand, read in one place.
//   --no-simulators   (CUSTOS_SIMULATORS=0)   do not run the simulated primary and secondary
//   --no-usb          (CUSTOS_USB=0)          do not watch USB for YubiHSM 2 devices
//   --no-pcsc         (CUSTOS_PCSC=0)         do not watch PC/SC readers for SmartCard-HSMs
//   --connector <url> (CUSTOS_CONNECTOR)      watch a yubihsm-connector; may be repeated

export interface DeviceFlags {
  simulators: boolean;
  usb: boolean;
  pcsc: boolean;
  connectors: string[];
}

export function readDeviceFlags(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): DeviceFlags {
  const connectors = argv.flatMap((arg, i) => {
    if (arg === '--connector' && argv[i + 1]) return [argv[i + 1]!];
    if (arg.startsWith('--connector=')) return [arg.slice('--connector='.length)];
    return [];
  });
  if (env.CUSTOS_CONNECTOR) connectors.push(env.CUSTOS_CONNECTOR);
  return {
    simulators: !argv.includes('--no-simulators') && env.CUSTOS_SIMULATORS !== '0',
    usb: !argv.includes('--no-usb') && env.CUSTOS_USB !== '0',
    pcsc: !argv.includes('--no-pcsc') && env.CUSTOS_PCSC !== '0',
    connectors,
  };
}

/**
 * CUSTOS_TEST_DKEK_ITERATIONS: the rounds of the DKEK share files' key derivation instead of
 * sc-hsm-tool's 10^7 (spec §8 V2), so a browser spec's ceremony does not spend minutes on it.
 * Honoured only when NODE_ENV is "test" (vitest sets it for the hosts its specs start); anywhere
 * else the host refuses to start, as share files made so would be cheap to guess.
 */
export function readTestDkekIterations(
  env: Readonly<Record<string, string | undefined>>,
): number | undefined {
  const given = env.CUSTOS_TEST_DKEK_ITERATIONS;
  if (given === undefined || given === '') return undefined;
  if (env.NODE_ENV !== 'test')
    throw new Error(
      'CUSTOS_TEST_DKEK_ITERATIONS is for tests only (NODE_ENV=test); unset it to start Custos.',
    );
  const rounds = Number(given);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 10_000_000)
    throw new Error('CUSTOS_TEST_DKEK_ITERATIONS is a whole number of rounds, 1 to 10000000.');
  return rounds;
}

/**
 * CUSTOS_TEST_AIR_GAP_ROOT: where the air-gap survey reads sysfs and /proc/mounts instead of '/'
 * (air-gap.ts), so a browser spec can show the warnings of a machine with a USB stick and a
 * Bluetooth adapter laid out as sysfs does. Honoured only when NODE_ENV is "test"; anywhere
 * else the host refuses to start, as a survey read elsewhere would hide what is really attached.
 */
export function readTestAirGapRoot(
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const given = env.CUSTOS_TEST_AIR_GAP_ROOT;
  if (given === undefined || given === '') return undefined;
  if (env.NODE_ENV !== 'test')
    throw new Error(
      'CUSTOS_TEST_AIR_GAP_ROOT is for tests only (NODE_ENV=test); unset it to start Custos.',
    );
  if (!given.startsWith('/'))
    throw new Error('CUSTOS_TEST_AIR_GAP_ROOT is a full path to a folder laid out as sysfs.');
  return given;
}
