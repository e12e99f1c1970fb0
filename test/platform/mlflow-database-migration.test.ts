import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findObject } from '../support/synth';
import { mlflowObjects } from './support';

/**
 * An MLflow server refuses an out-of-date schema and does not migrate it, so both servers start with an init
 * container that migrates the backend store once, under an advisory lock. Its program is run here with python3
 * against stand-ins of what it calls: `mlflow.store.db.utils` (`create_sqlalchemy_engine_with_retry`,
 * `_all_tables_exist`, `_upgrade_db`, `_initialize_tables`: what `mlflow db upgrade` and the SQL stores call,
 * mlflow/db.py, mlflow/store/db/utils.py) and `sqlalchemy`.
 */
describe('MLflow database migration', () => {
  const objects = mlflowObjects();
  const servers = ['mlflow', 'mlflow-web'].map((name) => findObject(objects, 'Deployment', name, 'mlflow').spec.template.spec);

  const run = (tablesExist: boolean): string[] => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-migrate-'));
    const at = (p: string) => path.join(dir, p);
    fs.writeFileSync(at('uri'), 'postgresql://mlflow:p%40ss@mlflow-db-rw.mlflow:5432/mlflow\n');
    fs.mkdirSync(at('mlflow/store/db'), { recursive: true });
    for (const init of ['mlflow', 'mlflow/store']) fs.writeFileSync(at(`${init}/__init__.py`), '');
    fs.writeFileSync(at('mlflow/store/db/__init__.py'), '');
    const logged = (line: string) => `log.write(${line} + '\\n'); log.flush()`;
    fs.writeFileSync(
      at('mlflow/store/db/utils.py'),
      [
        'import os',
        "log = open(os.environ['CALLS'], 'a')",
        'class Connection:',
        '    def __enter__(self): return self',
        '    def __exit__(self, *a): return False',
        `    def execute(self, sql): ${logged("f'execute {sql}'")}`,
        'class Engine:',
        '    def connect(self): return Connection()',
        `def create_sqlalchemy_engine_with_retry(uri): ${logged("f'engine {uri}'")}; return Engine()`,
        `def _all_tables_exist(engine): return ${tablesExist ? 'True' : 'False'}`,
        `def _upgrade_db(engine): ${logged("'upgrade'")}`,
        `def _initialize_tables(engine): ${logged("'initialize'")}`,
      ].join('\n'),
    );
    fs.writeFileSync(at('sqlalchemy.py'), 'def text(sql): return sql\n');
    const program = (servers[0].initContainers[0].command[2] as string).replaceAll('/var/run/secrets/mlflow-db/uri', at('uri'));
    execFileSync('python3', ['-c', program], { env: { PATH: process.env.PATH, PYTHONPATH: dir, CALLS: at('calls') } });
    return fs.readFileSync(at('calls'), 'utf8').trim().split('\n');
  };

  test('both servers migrate with the same program and image before they start, the password never on a command line', () => {
    for (const pod of servers) {
      const [init] = pod.initContainers;
      expect(init.name).toBe('migrate');
      expect(init.image).toBe(pod.containers[0].image);
      expect(init.command.slice(0, 2)).toEqual(['python', '-c']);
      expect(init.command[2]).toBe(servers[0].initContainers[0].command[2]);
      expect(init.command.join(' ')).not.toMatch(/postgresql:\/\//);
    }
  });

  test('an existing schema is upgraded, an empty database initialised, under one advisory lock with TLS verified', () => {
    const uri = 'postgresql://mlflow:p%40ss@mlflow-db-rw.mlflow:5432/mlflow?sslmode=verify-full&sslrootcert=/var/run/secrets/tls/ca.crt';
    const locked = (step: string) => [`engine ${uri}`, 'execute SELECT pg_advisory_lock(1835820644)', step, 'execute SELECT pg_advisory_unlock(1835820644)'];
    expect(run(true)).toEqual(locked('upgrade'));
    expect(run(false)).toEqual(locked('initialize'));
  });
});
