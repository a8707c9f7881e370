// The container image builds and runs, where Docker is available (it is not on every CI machine).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/catalog/load.js';

const docker = spawnSync('docker', ['info'], { encoding: 'utf8' });
const HAS_DOCKER = docker.status === 0;
if (!HAS_DOCKER) console.log('test/docker.test.ts: skipped, no usable Docker daemon here (`docker info` failed)');

describe.skipIf(!HAS_DOCKER)('the container image', () => {
  it('builds, runs iotsec as a non-root user, and validates a mounted model', () => {
    const build = spawnSync('docker', ['build', '-t', 'iotsec:test', PACKAGE_ROOT], { encoding: 'utf8', timeout: 900_000 });
    expect(build.status, build.stderr).toBe(0);
    const user = spawnSync('docker', ['run', '--rm', '--entrypoint', 'id', 'iotsec:test', '-u'], { encoding: 'utf8' });
    expect(user.stdout.trim()).not.toBe('0');
    const run = spawnSync('docker', ['run', '--rm', '-v', `${PACKAGE_ROOT}/samples:/work:ro`, 'iotsec:test', 'validate', 'cold-chain.yaml'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('cold-chain.yaml: valid');
  }, 1_000_000);
});
