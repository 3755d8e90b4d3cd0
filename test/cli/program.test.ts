import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestWorld, type TestWorld } from '../support/database.ts';
import { TEST_PASSWORD, uniqueCode } from '../support/builders.ts';
import { createProgram, runProgram } from '../../src/cli/program.ts';
import { createFakeIo } from './fake-io.ts';

describe('the throughline command line', () => {
  let world: TestWorld;

  beforeAll(async () => {
    world = await openTestWorld();
  });
  afterAll(() => world?.close());

  async function run(args: string[], stdin = '') {
    const fake = createFakeIo(stdin);
    const exitCode = await runProgram(createProgram(world.services, fake.io), args, fake.io);
    return { exitCode, stdout: fake.stdout(), stderr: fake.stderr() };
  }

  describe('organisation add', () => {
    it('adds a trust from the reference list by its ODS code', async () => {
      const result = await run(['organisation', 'add', 'rff']);
      expect(result).toMatchObject({ exitCode: 0, stderr: '' });
      expect(result.stdout).toBe('Added RFF Barnsley Hospital NHS Foundation Trust (NHS trust).\n');
      const stored = await world.services.organisations.getByCode('RFF');
      expect(stored).toMatchObject({
        name: 'Barnsley Hospital NHS Foundation Trust',
        type: 'trust',
      });
    });

    it('adds an organisation that is not in the reference list by name and type', async () => {
      const code = uniqueCode();
      const result = await run([
        'organisation',
        'add',
        code,
        '--name',
        'Fernbrook Place',
        '--type',
        'place',
      ]);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toBe(`Added ${code} Fernbrook Place (Place).\n`);
      expect(await world.services.organisations.getByCode(code)).toMatchObject({ type: 'place' });
    });

    it('explains how to add an unknown code by hand, and exits 1', async () => {
      const result = await run(['organisation', 'add', 'ZZZ9']);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        'ZZZ9 is not in the reference list of NHS trusts and ICBs\n' +
          '  - code: ZZZ9 is not a known NHS trust or ICB: give its name and type to add it by hand\n',
      );
    });

    it('lists every field error when a hand-made organisation is not valid', async () => {
      const result = await run(['organisation', 'add', uniqueCode(), '--name', ' ']);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toBe(
        'The organisation is not valid\n' +
          '  - name: Enter the organisation’s name\n' +
          '  - type: Type must be one of: icb, trust, place, pcn, local_authority, other\n',
      );
    });

    it('refuses a code of the wrong shape without a stack trace', async () => {
      const result = await run(['organisation', 'add', 'Z!']);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toBe(
        'Enter a valid ODS code\n  - code: Enter an ODS code of 3 to 6 letters and numbers, like RF4 or G6V2S\n',
      );
    });

    it('refuses an organisation that has already been added', async () => {
      await run(['organisation', 'add', 'QF7']);
      const result = await run(['organisation', 'add', 'QF7']);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toBe(
        'QF7 has already been added\n  - code: QF7 has already been added\n',
      );
    });

    it('refuses a type that is not one of the organisation types', async () => {
      const result = await run([
        'organisation',
        'add',
        uniqueCode(),
        '--name',
        'A hospice',
        '--type',
        'hospice',
      ]);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain("argument 'hospice' is invalid");
      expect(result.stderr).toContain('icb, trust, place, pcn, local_authority, other');
    });
  });

  describe('user create', () => {
    it('creates an admin with the password from standard input, who can then sign in', async () => {
      const code = uniqueCode();
      await run(['organisation', 'add', code, '--name', 'Test Trust', '--type', 'trust']);
      const result = await run(
        [
          'user',
          'create',
          '--email',
          'Ruth.Calder@Example.nhs.uk',
          '--name',
          'Ruth Calder',
          '--organisation',
          code.toLowerCase(),
          '--role',
          'admin',
          '--discipline',
          'clinical',
          '--password-stdin',
        ],
        `${TEST_PASSWORD}\n`,
      );
      expect(result).toMatchObject({ exitCode: 0, stderr: '' });
      expect(result.stdout).toBe(
        `Created Ruth Calder (ruth.calder@example.nhs.uk) as an admin of ${code} Test Trust.\n`,
      );
      const { session } = await world.services.people.signIn(
        'ruth.calder@example.nhs.uk',
        TEST_PASSWORD,
      );
      const organisation = await world.services.organisations.getByCode(code);
      expect(session.actor.roles.get(organisation.id)).toBe('admin');
      const members = await world.services.people.listMembers(session.actor, organisation.id);
      expect(members).toMatchObject([
        { email: 'ruth.calder@example.nhs.uk', discipline: 'clinical' },
      ]);
    });

    it('keeps spaces in the password and trims only one trailing newline', async () => {
      const code = uniqueCode();
      await run(['organisation', 'add', code, '--name', 'Test Trust', '--type', 'trust']);
      const password = '  spaces count too  ';
      const args = [
        'user',
        'create',
        '--email',
        'sam.keeper@example.nhs.uk',
        '--name',
        'Sam Spaces',
        '--organisation',
        code,
        '--password-stdin',
      ];
      expect((await run(args, `${password}\r\n`)).exitCode).toBe(0);
      await expect(
        world.services.people.signIn('sam.keeper@example.nhs.uk', password),
      ).resolves.toBeDefined();
    });

    it('refuses a password that is too short', async () => {
      const code = uniqueCode();
      await run(['organisation', 'add', code, '--name', 'Test Trust', '--type', 'trust']);
      const result = await run(
        [
          'user',
          'create',
          '--email',
          'short@example.nhs.uk',
          '--name',
          'Short Password',
          '--organisation',
          code,
          '--role',
          'admin',
          '--password-stdin',
        ],
        'too short\n',
      );
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toBe(
        'Password is too short\n  - password: Password must be 12 characters or more\n',
      );
      await expect(
        world.services.people.signIn('short@example.nhs.uk', 'too short'),
      ).rejects.toThrow();
    });

    it('says how to give the password when --password-stdin is missing', async () => {
      const result = await run([
        'user',
        'create',
        '--email',
        'a@example.nhs.uk',
        '--name',
        'A',
        '--organisation',
        'RFF',
      ]);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain('Give the password on standard input with --password-stdin');
    });

    it('says when the organisation has not been added', async () => {
      const result = await run(
        [
          'user',
          'create',
          '--email',
          'nobody@example.nhs.uk',
          '--name',
          'No Body',
          '--organisation',
          'ZZZ8',
          '--role',
          'admin',
          '--password-stdin',
        ],
        `${TEST_PASSWORD}\n`,
      );
      expect(result).toMatchObject({ exitCode: 1, stdout: '' });
      expect(result.stderr).toBe('Organisation ZZZ8 was not found\n');
    });
  });

  describe('token create', () => {
    it('shows a token once, which the API accepts, and says how to send it', async () => {
      const code = uniqueCode();
      await run(['organisation', 'add', code, '--name', 'Test Trust', '--type', 'trust']);
      const result = await run([
        'token',
        'create',
        '--organisation',
        code,
        '--name',
        'data warehouse',
        '--role',
        'contributor',
      ]);
      expect(result).toMatchObject({ exitCode: 0, stderr: '' });
      const token = /^ {2}(tl_\S+)$/m.exec(result.stdout)?.[1];
      expect(token).toBeDefined();
      expect(result.stdout).toContain('stores it hashed and cannot show it again');
      expect(result.stdout).toContain(`Authorization: Bearer ${token}`);
      const actor = await world.services.people.resolveToken(token!);
      const organisation = await world.services.organisations.getByCode(code);
      expect(actor).toMatchObject({
        kind: 'token',
        name: 'data warehouse',
        role: 'contributor',
        organisationId: organisation.id,
      });
    });

    it('makes an editor token unless told otherwise', async () => {
      const code = uniqueCode();
      await run(['organisation', 'add', code, '--name', 'Test Trust', '--type', 'trust']);
      const result = await run([
        'token',
        'create',
        '--organisation',
        code,
        '--name',
        'nightly load',
      ]);
      const token = /Bearer (\S+)/.exec(result.stdout)?.[1];
      await expect(world.services.people.resolveToken(token!)).resolves.toMatchObject({
        role: 'editor',
      });
    });

    it('refuses an admin token', async () => {
      const result = await run([
        'token',
        'create',
        '--organisation',
        'RFF',
        '--name',
        'x',
        '--role',
        'admin',
      ]);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain("argument 'admin' is invalid");
    });

    it('says when the organisation has not been added', async () => {
      const result = await run([
        'token',
        'create',
        '--organisation',
        'ZZZ7',
        '--name',
        'data warehouse',
      ]);
      expect(result).toMatchObject({
        exitCode: 1,
        stdout: '',
        stderr: 'Organisation ZZZ7 was not found\n',
      });
    });
  });

  it('prints help on standard output and exits 0', async () => {
    const result = await run(['--help']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Usage: throughline');
    for (const command of ['organisation', 'user', 'token', 'spc'])
      expect(result.stdout).toContain(command);
  });

  it('names an unknown command and exits 1', async () => {
    const result = await run(['organisatoin', 'add', 'RFF']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("unknown command 'organisatoin'");
    expect(result.stderr).toContain('(Did you mean organisation?)');
  });
});
