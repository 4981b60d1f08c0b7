import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { argValue, defaultUserDataFolder, resolveUserDataFolder } from './user-data';

describe('user-data folder', () => {
  it('matches Electron on each OS', () => {
    expect(defaultUserDataFolder('linux', {}, '/home/ada')).toBe(
      join('/home/ada', '.config', 'Custos'),
    );
    expect(defaultUserDataFolder('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/ada')).toBe(
      join('/cfg', 'Custos'),
    );
    expect(defaultUserDataFolder('darwin', {}, '/Users/ada')).toBe(
      join('/Users/ada', 'Library', 'Application Support', 'Custos'),
    );
    expect(
      defaultUserDataFolder(
        'win32',
        { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' },
        'C:\\Users\\ada',
      ),
    ).toBe(join('C:\\Users\\ada\\AppData\\Roaming', 'Custos'));
  });

  it('takes --user-data-dir first, then CUSTOS_USER_DATA, then the default', () => {
    const base = { platform: 'linux' as const, home: '/home/ada' };
    expect(
      resolveUserDataFolder({
        ...base,
        argv: ['--user-data-dir', '/tmp/a'],
        env: { CUSTOS_USER_DATA: '/tmp/b' },
      }),
    ).toBe(resolve('/tmp/a'));
    expect(resolveUserDataFolder({ ...base, argv: ['--user-data-dir=/tmp/c'], env: {} })).toBe(
      resolve('/tmp/c'),
    );
    expect(resolveUserDataFolder({ ...base, argv: [], env: { CUSTOS_USER_DATA: 'rel' } })).toBe(
      resolve('rel'),
    );
    expect(resolveUserDataFolder({ ...base, argv: [], env: {} })).toBe(
      join('/home/ada', '.config', 'Custos'),
    );
  });

  it('reads flags in both spellings', () => {
    expect(argValue(['--port', '0'], 'port')).toBe('0');
    expect(argValue(['--port=8080'], 'port')).toBe('8080');
    expect(argValue(['--portal=1'], 'port')).toBeUndefined();
  });
});
