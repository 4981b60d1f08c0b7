import { describe, expect, it } from 'vitest';
import { appWebPreferences, appWindowOptions, CONTRACT_ARGUMENT } from './window-options';

describe('app window options', () => {
  it('writes out every security-relevant preference, isolated and sandboxed with no Node', () => {
    const prefs = appWebPreferences({
      preload: '/app/dist/main/preload.cjs',
      packaged: true,
      contract: 'abc',
    });
    expect(prefs).toMatchObject({
      preload: '/app/dist/main/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      plugins: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: false,
      additionalArguments: [`${CONTRACT_ARGUMENT}abc`],
    });
  });

  it('allows DevTools only in development builds', () => {
    expect(appWebPreferences({ preload: 'p', packaged: false, contract: 'x' }).devTools).toBe(true);
  });

  it('opens hidden until the page is ready', () => {
    expect(appWindowOptions({ preload: 'p', packaged: true, contract: 'x' })).toMatchObject({
      show: false,
      title: 'Custos',
    });
  });
});
