// `npm run bench`: speed and memory of the layers a ceremony leans on. Printed, never asserted.

import { benchDkekDerivation } from './dkek-derivation';
import { benchCliStartup } from './cli-startup';
import { benchClientComparison } from './client-comparison';
import { printTable } from './measure';
import { benchShares } from './shares';
import { benchYubiHsmLayer } from './yubihsm-layer';

const started = Date.now();
console.log(`Custos benchmarks — node ${process.version}, ${process.platform}/${process.arch}`);
printTable('YubiHSM 2 speed targets (issue 11)', await benchClientComparison());
if (process.argv.includes('--targets-only')) process.exit(0);
printTable('YubiHSM 2 layer (simulator, real client)', await benchYubiHsmLayer());
printTable('Share maths', await benchShares());
const dkek = await benchDkekDerivation();
printTable('SmartCard-HSM DKEK share files (.pbe, 10^7 MD5 rounds)', dkek.rows);
for (const note of dkek.notes) console.log(`  ${note}`);
printTable('custos command start-up (median of 9 interleaved rounds)', await benchCliStartup());
console.log(`\n(done in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
