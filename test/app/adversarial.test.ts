import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { discard, stagePlatform } from '../../app/synthesize';
import { ValidationError } from '../../constructs/lib/problems';
import { dev } from '../../environments/dev';
import { validateSpec } from '../../environments/spec';
import { BAD_SPECS } from '../support/bad-specs';
import { openApiProblems } from '../support/openapi';
import { type CliRun, copyOf, runCliIn, tempDir } from '../support/synth';

/** `synth --spec site.json` in `cwd` of a copy of dev changed by `mutate`: the exit code and what went to stderr. */
function synthMutated(cwd: string, mutate: (spec: any) => void): CliRun {
  const spec = copyOf(dev);
  mutate(spec);
  const file = path.join(cwd, 'site.json');
  fs.writeFileSync(file, JSON.stringify(spec));
  return runCliIn(cwd, 'synth', '--spec', file);
}

describe('adversarial specs through the command line', () => {
  const cwd = tempDir();
  afterAll(() => discard(cwd));

  test(`there are at least 40 of them`, () => {
    expect(BAD_SPECS.length).toBeGreaterThanOrEqual(40);
  });

  test.each(BAD_SPECS)('refuses %s with its field path, and writes nothing', (_, mutate, expected) => {
    const { code, stderr } = synthMutated(cwd, mutate);
    expect([code, stderr.includes(expected)]).toEqual([1, true]);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(fs.readdirSync(cwd).sort()).toEqual(['site.json']);
  });
});

describe('a refused credential is never printed back', () => {
  const cwd = tempDir();
  afterAll(() => discard(cwd));
  const pem = `-----BEGIN PRIVATE KEY-----\n${'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'.repeat(8)}\n-----END PRIVATE KEY-----\n`;

  test.each([
    ['a PEM private key as the CA Secret name', (s: any) => (s.tls.caSecret = pem), 'tls.caSecret', 'looks like a private key', pem],
    [
      'a WireGuard PrivateKey line as the gateway key',
      (s: any) => (s.vpn.serverPublicKey = 'PrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk='),
      'vpn.serverPublicKey',
      'looks like a WireGuard private key',
      'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=',
    ],
    [
      'an access key ID as a Secret name',
      (s: any) => (s.tls.caSecret = 'AKIAIOSFODNN7EXAMPLE'),
      'tls.caSecret',
      'looks like an access key ID',
      'AKIAIOSFODNN7EXAMPLE',
    ],
    [
      'a URL with a password as the OIDC issuer',
      (s: any) => (s.access.oidc.issuerUrl = 'https://admin:hunter2secret@sso.lab.example.org'),
      'access.oidc.issuerUrl',
      'looks like a URL with a password',
      'hunter2secret',
    ],
  ])('%s: the field path and what it looks like, with its kind and length instead of its content', (_, mutate, field, kind, secret) => {
    const { code, stderr } = synthMutated(cwd, mutate);
    expect(code).toBe(1);
    expect(stderr).toContain(`${field}: ${kind}`);
    expect(stderr).not.toContain(secret);
    expect(
      stderr
        .split('\n')
        .filter((line) => line.includes(field))
        .every((line) => !line.includes(', got ') || /, got <redacted: [^>]+, \d+ characters>/.test(line)),
    ).toBe(true);
  });
});

/** Specs generated around dev: mostly plausible users and pools, with wrong values mixed in. */
const userArbitrary = (name: string, index: number) =>
  fc.record({
    name: fc.oneof(fc.constant(name), fc.constant(name), fc.constantFrom('kube-x', 'Default', 'mlflow', 'x'.repeat(70), '')),
    email: fc.oneof(fc.constant(`${name}-${index}@lab.example.org`), fc.constantFrom('nobody', '')),
    role: fc.constantFrom('admin', 'data-scientist', 'data-scientist', 'viewer', 'root'),
    quota: fc.record({
      gpus: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.constantFrom(-1, 0.5, 40)),
      cpu: fc.oneof(fc.constantFrom('1', '2', '500m', '4'), fc.constantFrom('lots', '-1', '')),
      memory: fc.oneof(fc.constantFrom('2Gi', '8Gi', '16Gi'), fc.constantFrom('8GB', 'x', '1Ei')),
      storage: fc.constantFrom('10Gi', '100Gi', 'a lot'),
    }),
    offboarded: fc.boolean(),
  });

const specArbitrary = fc
  .uniqueArray(fc.constantFrom('ana', 'ben', 'cleo', 'dev', 'eli', 'fay', 'gus', 'hal'), { minLength: 0, maxLength: 6 })
  .chain((names) =>
    fc.tuple(
      fc.tuple(...names.map((n, i) => userArbitrary(n, i))),
      fc.integer({ min: 1, max: 8 }),
      fc.constantFrom<any>({ mode: 'none' }, { mode: 'time-slicing', replicas: 4 }, { mode: 'mig', profile: '1g.10gb' }, { mode: 'mig', profile: 'x' }),
    ),
  )
  .map(([users, gpusPerNode, sharing]) => {
    const spec = copyOf(dev);
    spec.users = [{ ...spec.users[0], name: 'root-admin', email: 'root-admin@lab.example.org' }, ...users];
    spec.gpuPools[0] = { ...spec.gpuPools[0], gpusPerNode, sharing };
    return spec;
  });

describe('generated specs', () => {
  test('each is refused with field paths, refused by a guardrail, or synthesizes valid output — never a crash', async () => {
    const root = tempDir();
    let synthesized = 0;
    let refused = 0;
    try {
      await fc.assert(
        fc.asyncProperty(specArbitrary, async (input) => {
          let spec: ReturnType<typeof validateSpec>;
          try {
            spec = validateSpec(input);
          } catch (error) {
            if (!(error instanceof ValidationError)) throw error;
            expect(error.problems.length).toBeGreaterThan(0);
            for (const line of error.problems) expect(line).toMatch(/^[A-Za-z0-9_[\].]+: \S/);
            refused++;
            return;
          }
          const staged = stagePlatform(spec, root);
          discard(staged.stagingDir);
          if (staged.report.errors.length) {
            for (const f of staged.report.errors) expect(`${f.rule} ${f.object}: ${f.message}`).toMatch(/^(SEC|REL|PLT)-\d\d[a-z]? \S+: \S/);
            refused++;
            return;
          }
          synthesized++;
          const { problems } = await openApiProblems(staged.manifests.flatMap((m) => m.objects));
          expect(problems).toEqual([]);
        }),
        { numRuns: 40, seed: 20261127 },
      );
    } finally {
      discard(root);
    }
    expect([synthesized > 0, refused > 0]).toEqual([true, true]);
  });
});
