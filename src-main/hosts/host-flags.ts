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
