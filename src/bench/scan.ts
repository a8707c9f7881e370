// Scan benchmark: `iotsec scan` over a generated 500-file TypeScript project (device apps, back-end services,
// shared configuration with re-exports), in a fresh process as users run it: wall time and peak memory.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** Filler the collectors must walk past: ordinary application code. */
function filler(i: number): string {
  return Array.from({ length: 12 }, (_, k) => `export function step${i}_${k}(values: number[]): number {\n  let total = 0;\n  for (const v of values) total += v * ${k + 1};\n  return total / Math.max(1, values.length);\n}\n`).join('\n');
}

/** A project of `files` source files: a quarter configuration, the rest device and service code importing it. */
export function generateProject(dir: string, files = 500): void {
  mkdirSync(join(dir, 'src', 'config'), { recursive: true });
  mkdirSync(join(dir, 'src', 'devices'), { recursive: true });
  mkdirSync(join(dir, 'src', 'services'), { recursive: true });
  const configs = Math.floor(files / 4);
  for (let i = 0; i < configs; i++) {
    const cs = i % 3 === 0 ? `process.env.DEVICE_${i}_CONNECTION_STRING ?? ''` : `\`HostName=hub${i}.azure-devices.net;DeviceId=dev-${i};SharedAccessKey=\${'Zm9vYmFyYmF6cXV4' + ${i}}\``;
    writeFileSync(join(dir, 'src', 'config', `config-${i}.ts`), `export const connection${i} = ${cs};\nexport const tls${i} = { minVersion: 'TLSv1.${i % 2 === 0 ? 2 : 1}', rejectUnauthorized: ${i % 7 !== 0} };\n${filler(i)}`);
  }
  writeFileSync(join(dir, 'src', 'config', 'index.ts'), Array.from({ length: configs }, (_, i) => `export * from './config-${i}.js';`).join('\n') + '\n');
  for (let i = 0; i < files - configs - 1; i++) {
    const c = i % configs;
    const device = i % 2 === 0;
    const text = device
      ? `import { Client } from 'azure-iot-device';\nimport { ${['Mqtt', 'MqttWs', 'Amqp', 'Http'][i % 4]} as Transport } from 'azure-iot-device-${['mqtt', 'mqtt', 'amqp', 'http'][i % 4]}';\nimport * as config from '../config/index.js';\n\nexport const client${i} = Client.fromConnectionString(config.connection${c}, Transport);\nclient${i}.setOptions({ ...config.tls${c} });\n${filler(i)}`
      : `import { EventHubProducerClient } from '@azure/event-hubs';\nimport { DefaultAzureCredential } from '@azure/identity';\nimport { Registry } from 'azure-iothub';\n\nexport const producer${i} = new EventHubProducerClient('ns${i}.servicebus.windows.net', 'telemetry', new DefaultAzureCredential());\nexport const registry${i} = Registry.fromConnectionString(process.env.HUB_${i}!);\n${filler(i)}`;
    writeFileSync(join(dir, 'src', device ? 'devices' : 'services', `${device ? 'device' : 'service'}-${i}.ts`), text);
  }
}

export function benchScan(cli: string, files = 500): string[] {
  const work = mkdtempSync(join(tmpdir(), 'iotsec-bench-scan-'));
  try {
    generateProject(work, files);
    const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
    const t = performance.now();
    const r = time
      ? spawnSync(time, ['-f', 'iotsec-bench %e %M', process.execPath, cli, 'scan', work, '--format', 'json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
      : spawnSync(process.execPath, [cli, 'scan', work, '--format', 'json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const ms = performance.now() - t;
    if (r.status !== 0) throw new Error(`scan exited ${r.status}: ${r.stderr.split('\n').slice(-3).join(' ')}`);
    const facts = (JSON.parse(r.stdout) as { facts: unknown[]; files: number }).facts.length;
    const scanned = (JSON.parse(r.stdout) as { files: number }).files;
    const m = /iotsec-bench ([\d.]+) (\d+)/.exec(r.stderr);
    const peak = m ? `${(Number(m[2]) / 1024).toFixed(0)} MB peak RSS` : 'peak memory not measured (no /usr/bin/time)';
    const ok = ms < 10_000 && (!m || Number(m[2]) < 1024 * 1024);
    return [`scan benchmark: iotsec scan of a generated ${scanned}-file project: ${(ms / 1000).toFixed(2)} s, ${peak}, ${facts} facts (target < 10 s and < 1 GB: ${ok ? 'met' : 'NOT met'})`];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
