import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processStartTime } from '../../src/db/connect.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../support/builders.ts';

const BIN = fileURLToPath(new URL('../../bin/throughline.js', import.meta.url));
const parent = mkdtempSync(join(tmpdir(), 'throughline-cli-'));

interface Finished {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

function runBin(args: string[], dataDir: string, stdin = ''): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, THROUGHLINE_DATA_DIR: dataDir, DATABASE_URL: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('bin/throughline.js', () => {
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('adds an organisation and its first admin to the embedded database, which keeps them', async () => {
    const dataDir = join(parent, 'data');
    const added = await runBin(['organisation', 'add', 'RFF'], dataDir);
    expect(added).toEqual({
      exitCode: 0,
      stdout: 'Added RFF Barnsley Hospital NHS Foundation Trust (NHS trust).\n',
      stderr: '',
    });
    const user = await runBin(
      [
        'user',
        'create',
        '--email',
        'admin@example.nhs.uk',
        '--name',
        'First Admin',
        '--organisation',
        'RFF',
        '--role',
        'admin',
        '--password-stdin',
      ],
      dataDir,
      `${TEST_PASSWORD}\n`,
    );
    expect(user).toMatchObject({ exitCode: 0, stderr: '' });
    expect(user.stdout).toContain('Created First Admin (admin@example.nhs.uk) as an admin of RFF');
    const again = await runBin(['organisation', 'add', 'RFF'], dataDir);
    expect(again).toMatchObject({ exitCode: 1, stdout: '' });
    expect(again.stderr).toContain('RFF has already been added');
    expect(existsSync(join(dataDir, 'throughline.lock'))).toBe(false);
  }, 90_000);

  it('shows help without opening the database', async () => {
    const dataDir = join(parent, 'never-opened');
    const help = await runBin(['--help'], dataDir);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Usage: throughline');
    const spcHelp = await runBin(['spc', '--help'], dataDir);
    expect(spcHelp.exitCode).toBe(0);
    expect(spcHelp.stdout).toContain('Usage: throughline spc');
    expect(existsSync(dataDir)).toBe(false);
  }, 60_000);

  it('says clearly that the database is in use while another process holds it', async () => {
    const dataDir = mkdtempSync(join(parent, 'locked-'));
    const lock = join(dataDir, 'throughline.lock');
    // This test process stands in for the running server: the lock holds its pid and start time.
    const held = `${process.pid} ${processStartTime(process.pid)}`;
    writeFileSync(lock, held);
    const result = await runBin(['organisation', 'add', 'RFF'], dataDir);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `The embedded database in ${dataDir} is in use by another Throughline process (pid ${process.pid}), ` +
        'probably the server. Stop it and try again, or set DATABASE_URL to use PostgreSQL, ' +
        'which the server and the command line can share.\n',
    );
    expect(readFileSync(lock, 'utf8')).toBe(held);
  }, 60_000);

  it('takes over a lock whose pid now belongs to another process, as after a crash and a reused pid', async () => {
    const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      const pid = sleeper.pid!;
      expect(processStartTime(pid)).not.toBeNull();
      const dataDir = mkdtempSync(join(parent, 'stale-'));
      for (const [i, stale] of [String(pid), `${pid} 1`, `${process.pid} 1`].entries()) {
        // A live pid that is not the process that wrote the lock: `sleep`, or this process with another start time.
        writeFileSync(join(dataDir, 'throughline.lock'), stale);
        const result = await runBin(['organisation', 'add', ['RFF', 'RF4', 'RJ1'][i]!], dataDir);
        expect(result).toMatchObject({ exitCode: 0, stderr: '' });
        expect(existsSync(join(dataDir, 'throughline.lock'))).toBe(false);
      }
    } finally {
      sleeper.kill();
    }
  }, 240_000);
});
