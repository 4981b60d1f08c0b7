// Regenerates the README's screenshots from the real app: the browser host on fresh simulated
// devices, in the system Chromium. Run: npx tsx e2e/support/take-screenshots.ts

import { join } from 'node:path';
import { repoRoot } from './build';
import { openCustos } from './custos';

const custos = await openCustos();
try {
  await custos.home.settledDevice('sim:primary');
  await custos.home.settledDevice('sim:secondary');
  await custos.page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', 'home.png') });
  console.log('Wrote docs/screenshots/home.png');
} finally {
  await custos.close();
}
