// `npm run conformance`: Yubico's own YubiHSM 2 device test suite (python-yubihsm tests/device,
// run by ../shared/conformance/yubihsm-suite) against Custos's simulated YubiHSM 2. Starts the
// simulator on a free loopback port with a fresh temporary state file, runs the suite, stops
// exactly the process it started, prints pytest's summary line, and exits non-zero on any
// failure or error, or when the suite or python3 is missing.
//
//   npm run conformance                       whole suite against a fresh simulator
//   npm run conformance -- tests/device/test_otp.py -k vectors    a subset (pytest arguments)
//   npm run conformance -- --connector http://127.0.0.1:12345 --reset-ok   a real device
//
// The suite RESETS the device it talks to. Against a real YubiHSM 2 (through yubihsm-connector)
// it therefore runs only with --reset-ok, and never against a device holding keys you need.
// YUBIHSM_SUITE=/path/to/yubihsm-suite overrides where the suite is looked for.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { root, which } from './lib/setup.mjs';

const SUITE = process.env.YUBIHSM_SUITE
  ? resolve(process.env.YUBIHSM_SUITE)
  : resolve(dirname(root), 'shared', 'conformance', 'yubihsm-suite');
const START_TIMEOUT_MS = 60_000;

function fail(sentence) {
  console.error(`conformance: ${sentence}`);
  process.exit(1);
}

function parseArguments(argv) {
  const options = { connector: undefined, resetOk: false, pytest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--connector') options.connector = argv[++i];
    else if (arg.startsWith('--connector=')) options.connector = arg.slice('--connector='.length);
    else if (arg === '--reset-ok') options.resetOk = true;
    else options.pytest.push(arg);
  }
  return options;
}

/** Starts `custos simulator` on port 0 and resolves with its URL once it listens. */
function startSimulator(statePath) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'src-main/cli/index.ts'),
      'simulator',
      '--listen',
      '127.0.0.1:0',
      '--state',
      statePath,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolvePromise, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      reject(
        new Error(`the simulator did not start within ${START_TIMEOUT_MS / 1000} s:\n${output}`),
      );
    }, START_TIMEOUT_MS);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise({ child, url: match[1] });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the simulator exited (code ${code}) before listening:\n${output}`));
    });
  });
}

/** Stops exactly the simulator process this script started, and waits for it to go. */
function stopSimulator(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const force = setTimeout(() => process.kill(child.pid, 'SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolvePromise();
    });
    process.kill(child.pid, 'SIGTERM');
  });
}

/** Runs the suite, echoing its output; resolves with pytest's exit code and summary line. */
function runSuite(url, pytestArgs) {
  return new Promise((resolvePromise) => {
    const child = spawn(SUITE, [url, ...pytestArgs], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let tail = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString()).slice(-4000);
    });
    child.once('error', (error) => resolvePromise({ code: 127, summary: error.message }));
    child.once('exit', (code, signal) => {
      const lines = tail.trim().split('\n');
      resolvePromise({ code: code ?? (signal ? 128 : 1), summary: lines[lines.length - 1] ?? '' });
    });
  });
}

const options = parseArguments(process.argv.slice(2));
if (!existsSync(SUITE))
  fail(
    `Yubico's device suite is not at ${SUITE}. It lives in shared/conformance next to the repository (see its README); set YUBIHSM_SUITE to its path if it is elsewhere.`,
  );
if (!which('python3'))
  fail(
    'the suite needs python3 with cryptography, requests and pytest; install them (Debian: apt-get install python3-cryptography python3-requests python3-pytest).',
  );
if (options.connector && !options.resetOk)
  fail(
    `the suite RESETS the device behind ${options.connector}: every key on it is erased. If that is what you want, run again with --reset-ok.`,
  );

let simulator;
let stateFolder;
let result;
const stop = async () => {
  if (simulator) await stopSimulator(simulator.child);
  if (stateFolder) await rm(stateFolder, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    void stop().then(() => process.exit(130));
  });

try {
  let url = options.connector;
  if (!url) {
    stateFolder = await mkdtemp(join(tmpdir(), 'custos-conformance-'));
    simulator = await startSimulator(join(stateFolder, 'device.json'));
    url = simulator.url;
    console.log(
      `conformance: simulated YubiHSM 2 at ${url} (pid ${simulator.child.pid}, fresh state)`,
    );
  } else {
    console.log(`conformance: the device behind ${url} (it will be reset)`);
  }
  result = await runSuite(url, options.pytest);
} catch (error) {
  await stop();
  fail(error instanceof Error ? error.message : String(error));
}
await stop();

const failed = result.code !== 0 || /\b(failed|error|errors)\b/.test(result.summary);
console.log(`\nconformance: ${result.summary}`);
if (failed) {
  console.error('conformance: the device suite did not pass (see the failures above).');
  process.exit(result.code || 1);
}
