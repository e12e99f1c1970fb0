import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildPlatform } from '../../app/build-platform';
import type { KubeObject } from '../../constructs/policy/guardrail';
import { ENVIRONMENTS } from '../../environments';
import { validateSpec } from '../../environments/spec';
import { connectionAllowed } from '../support/network';
import { openApiProblems } from '../support/openapi';
import { restrictedProblems } from '../support/pod-security';
import { allObjects, synthEnvironment, tempDir } from '../support/synth';

/**
 * Moving the shared server's experiments and models into their owners' workspaces. The Job's program is run here
 * with python3 against stand-ins of what it calls: `sqlalchemy` (the tracking database's `experiments`, and
 * basic-auth's `users`, `experiment_permissions`, `registered_model_permissions`: mlflow/server/auth/db/models.py)
 * and `mlflow.db.commands`, the click group of `mlflow db` whose `move-resources` takes `--from`, `--to`,
 * `--resource-type`, repeated `--name`, `--dry-run` and `--yes` (mlflow/db.py).
 */
describe('MLflow workspace migration', () => {
  const spec = validateSpec(ENVIRONMENTS.onprem);
  const { mlflow } = buildPlatform(spec, tempDir());
  const owners = { alice: 'alice', 'alice@lab.example.org': 'alice', bob: 'bob' };
  const job = mlflow.workspaceMigrationJob(owners, false);
  const container = job.spec.template.spec.containers[0];

  const run = (apply: boolean, authTables: boolean): string[] => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-workspaces-'));
    const at = (p: string) => path.join(dir, p);
    fs.writeFileSync(at('uri'), 'postgresql://mlflow:pw@mlflow-db-rw.mlflow:5432/mlflow\n');
    fs.mkdirSync(at('mlflow'), { recursive: true });
    fs.writeFileSync(at('mlflow/__init__.py'), '');
    fs.writeFileSync(
      at('mlflow/db.py'),
      [
        'import json, os',
        'class commands:',
        '    @staticmethod',
        "    def main(args, standalone_mode): open(os.environ['CALLS'], 'a').write(json.dumps([args, standalone_mode], separators=(',', ':')) + '\\n')",
      ].join('\n'),
    );
    fs.writeFileSync(
      at('sqlalchemy.py'),
      [
        'class exc:',
        '    class OperationalError(Exception): pass',
        '    class ProgrammingError(Exception): pass',
        'def text(sql): return sql',
        'class Result(list):',
        '    def all(self): return list(self)',
        'class Connection:',
        '    def __init__(self, uri): self.uri = uri',
        '    def __enter__(self):',
        `        if '/mlflow_auth' in self.uri and not ${authTables ? 'True' : 'False'}: raise exc.OperationalError('database "mlflow_auth" does not exist')`,
        '        return self',
        '    def __exit__(self, *a): return False',
        '    def execute(self, sql):',
        // The tracking database keeps experiment IDs as integers, basic-auth's permissions as text.
        "        if 'FROM experiments' in sql: return Result([(1, 'cells-v1'), (2, 'cells-v2'), (3, 'shared'), (4, 'orphan')])",
        "        if 'experiment_permissions' in sql: return Result([('1', 'alice@lab.example.org'), ('2', 'bob'), ('3', 'bob'), ('4', 'left-the-lab')])",
        "        if 'registered_model_permissions' in sql: return Result([('cell-detector', 'alice')])",
        '        raise AssertionError(sql)',
        'class Engine:',
        '    def __init__(self, uri): self.uri = uri',
        '    def connect(self): return Connection(self.uri)',
        'def create_engine(uri): return Engine(uri)',
      ].join('\n'),
    );
    const program = (container.command[2] as string).replaceAll('/var/run/secrets/mlflow-db/uri', at('uri'));
    const out = execFileSync('python3', ['-c', program], {
      env: { PATH: process.env.PATH, PYTHONPATH: dir, CALLS: at('calls'), WORKSPACE_OWNERS: JSON.stringify(owners), APPLY: String(apply) },
      encoding: 'utf8',
    });
    const calls = fs.existsSync(at('calls')) ? fs.readFileSync(at('calls'), 'utf8').trim().split('\n') : [];
    return [...out.trim().split('\n'), ...calls];
  };

  test('a dry run lists, per owner’s workspace, what would move; what has no tenant stays and is named', () => {
    const tracking = 'postgresql://mlflow:pw@mlflow-db-rw.mlflow:5432/mlflow?sslmode=verify-full&sslrootcert=/var/run/secrets/tls/ca.crt';
    const move = (to: string, type: string, names: string[], last: string) =>
      JSON.stringify([
        ['move-resources', tracking, '--from', 'default', '--to', to, '--resource-type', type, ...names.flatMap((n) => ['--name', n]), last],
        false,
      ]);
    expect(run(false, true)).toEqual([
      "stays in default: experiments 'orphan' (owner 'left-the-lab' has no tenant)",
      move('alice', 'experiments', ['cells-v1'], '--dry-run'),
      move('bob', 'experiments', ['cells-v2', 'shared'], '--dry-run'),
      move('alice', 'registered_models', ['cell-detector'], '--dry-run'),
    ]);
    const applied = run(true, true).filter((l) => l.startsWith('['));
    expect(applied.length).toBe(3);
    expect(applied.every((l) => l.endsWith('"--yes"],false]'))).toBe(true);
  });

  test('a platform that never had basic-auth has nothing to move', () => {
    expect(run(false, false)).toEqual(['no basic-auth owners to read (OperationalError): nothing to move']);
  });

  test('the Job is a valid, restricted pod with the servers’ image, that reaches the database and the API and nothing else', async () => {
    expect((await openApiProblems([job as KubeObject])).problems).toEqual([]);
    expect(restrictedProblems(job.spec.template.spec)).toEqual([]);
    expect(container.env).toContainEqual({ name: 'APPLY', value: 'false' });
    expect(mlflow.workspaceMigrationJob(owners, true).spec.template.spec.containers[0].env).toContainEqual({ name: 'APPLY', value: 'true' });
    const objects = allObjects(synthEnvironment(ENVIRONMENTS.onprem));
    const server = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'mlflow')!.spec.template.spec.containers[0];
    expect(container.image).toBe(server.image);
    const at = (podLabels: Record<string, string>) => ({ namespace: 'mlflow', namespaceLabels: { 'kubernetes.io/metadata.name': 'mlflow' }, podLabels });
    const database = at({ 'cnpg.io/cluster': 'mlflow-db' });
    expect(connectionAllowed(objects, at(job.spec.template.metadata.labels), database, 5432)).toBe(true);
    expect(connectionAllowed(objects, at({ 'app.kubernetes.io/name': 'other' }), database, 5432)).toBe(false);
  });
});
