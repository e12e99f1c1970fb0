import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findObject } from '../support/synth';
import { mlflowObjects } from './support';

/**
 * MLflow's users and permissions live in their own PostgreSQL database, set up once per pod start by an init
 * container before any server worker runs. The init program is run here with python3 against stand-ins of the two
 * modules it calls: `mlflow.server.auth`, which at import reads MLFLOW_AUTH_CONFIG_PATH with a default
 * (interpolating) ConfigParser and exposes `auth_config`, `store` and `create_admin_user` (MLflow v3.1.1
 * mlflow/server/auth/config.py read_auth_config, mlflow/server/auth/__init__.py create_app), and `sqlalchemy`.
 */
describe('MLflow auth database', () => {
  const objects = mlflowObjects();
  const pod = findObject(objects, 'Deployment', 'mlflow', 'mlflow').spec.template.spec;
  const [init] = pod.initContainers;
  const [server] = pod.containers;

  test('is a database of the CloudNativePG cluster, owned by the application user, made when the cluster is initialised', () => {
    expect(findObject(objects, 'Cluster', 'mlflow-db', 'mlflow').spec.bootstrap.initdb).toEqual({
      database: 'mlflow',
      owner: 'mlflow',
      postInitSQL: ['CREATE DATABASE mlflow_auth OWNER mlflow'],
    });
    expect(() => mlflowObjects({}, [])).toThrow(/database: must have the database mlflow_auth/);
  });

  test('the server reads the composed configuration from memory and never mounts the site’s Secret', () => {
    expect(server.env).toContainEqual({ name: 'MLFLOW_AUTH_CONFIG_PATH', value: '/var/run/mlflow-auth/basic_auth.ini' });
    expect(server.volumeMounts).toContainEqual({ name: 'auth-config', mountPath: '/var/run/mlflow-auth', readOnly: true });
    expect(server.volumeMounts.map((m: { name: string }) => m.name)).not.toContain('auth');
    expect(pod.volumes).toContainEqual({ name: 'auth-config', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } });
    expect(init.env).toContainEqual({ name: 'MLFLOW_AUTH_CONFIG_PATH', value: '/var/run/mlflow-auth/basic_auth.ini' });
    expect(init.image).toBe(server.image);
  });

  test('the init program writes the auth database into the site’s file and initialises it under a lock, before any worker', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-auth-'));
    const at = (p: string) => path.join(dir, p);
    fs.mkdirSync(at('etc'));
    fs.writeFileSync(
      at('etc/basic_auth.ini'),
      '[mlflow]\ndefault_permission = READ\ndatabase_uri = sqlite:///basic_auth.db\nadmin_username = admin\nadmin_password = s3cr%%t\n',
    );
    fs.writeFileSync(at('uri'), 'postgresql://mlflow:p%40ss%25w@mlflow-db-rw.mlflow:5432/mlflow\n');
    fs.mkdirSync(at('mlflow/server/auth'), { recursive: true });
    fs.writeFileSync(at('mlflow/__init__.py'), '');
    fs.writeFileSync(at('mlflow/server/__init__.py'), '');
    fs.writeFileSync(
      at('mlflow/server/auth/__init__.py'),
      [
        'import configparser, os, collections',
        'c = configparser.ConfigParser()',
        "c.read(os.environ['MLFLOW_AUTH_CONFIG_PATH'])",
        "m = c['mlflow']",
        "auth_config = collections.namedtuple('A', 'database_uri admin_username admin_password')(m['database_uri'], m['admin_username'], m['admin_password'])",
        "log = open(os.environ['CALLS'], 'a')",
        'class Store:',
        "    def init_db(self, uri): log.write(f'init_db {uri}\\n'); log.flush()",
        'store = Store()',
        "def create_admin_user(user, password): log.write(f'create_admin_user {user} {password}\\n'); log.flush()",
      ].join('\n'),
    );
    fs.writeFileSync(
      at('sqlalchemy.py'),
      [
        'import os',
        "log = open(os.environ['CALLS'], 'a')",
        'def text(sql): return sql',
        'class Connection:',
        '    def __enter__(self): return self',
        '    def __exit__(self, *a): return False',
        "    def execute(self, sql): log.write(f'execute {sql}\\n'); log.flush()",
        'class Engine:',
        '    def connect(self): return Connection()',
        "def create_engine(uri): log.write(f'create_engine {uri}\\n'); log.flush(); return Engine()",
      ].join('\n'),
    );
    const program = (init.command[2] as string)
      .replaceAll('/etc/mlflow-auth/basic_auth.ini', at('etc/basic_auth.ini'))
      .replaceAll('/var/run/secrets/mlflow-db/uri', at('uri'));
    const env = { PATH: process.env.PATH, PYTHONPATH: dir, MLFLOW_AUTH_CONFIG_PATH: at('composed.ini'), CALLS: at('calls') };
    execFileSync('python3', ['-c', program], { env });
    const uri = 'postgresql://mlflow:p%40ss%25w@mlflow-db-rw.mlflow:5432/mlflow_auth?sslmode=verify-full&sslrootcert=/var/run/secrets/tls/ca.crt';
    expect(fs.readFileSync(at('calls'), 'utf8').trim().split('\n')).toEqual([
      `create_engine ${uri}`,
      'execute SELECT pg_advisory_lock(1835820641)',
      `init_db ${uri}`,
      'create_admin_user admin s3cr%t',
      'execute SELECT pg_advisory_unlock(1835820641)',
    ]);
    expect(init.command.slice(0, 2)).toEqual(['python', '-c']);
  });
});
