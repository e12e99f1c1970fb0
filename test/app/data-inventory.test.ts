import { buildPlatform, guardrailFacts } from '../../app/build-platform';
import { ENVIRONMENTS } from '../../environments';
import { validateSpec } from '../../environments/spec';
import { tempDir } from '../support/synth';

describe('the data inventory', () => {
  const spec = validateSpec(ENVIRONMENTS.onprem);
  const { inventory, secrets } = buildPlatform(spec, tempDir());
  const ids = inventory.map((i) => i.id);

  test('holds every Secret, the three databases, the buckets, the drives, the NAS, each tenant and each stack’s state, once each', () => {
    expect(ids).toEqual(
      expect.arrayContaining([
        ...secrets.map((s) => `secret/${s.namespace}/${s.name}`),
        'database/mlflow',
        'database/pipelines',
        'database/katib',
        'bucket/models',
        'bucket/backups',
        'volumes/object-store',
        'volumes/nas',
        ...spec.users.map((u) => `volumes/${u.name}`),
        'state/onprem-cluster',
        'state/onprem-platform',
        'state/onprem-workloads',
      ]),
    );
    expect(new Set(ids).size).toBe(ids.length);
    for (const item of inventory)
      expect([item.id, item.backup.length > 10, item.retention.length > 2, item.restore.length > 0]).toEqual([item.id, true, true, true]);
  });

  test('every database and the state name what backs them up; restores read the key pair of the dump’s own Secret', () => {
    const backups = guardrailFacts(spec, inventory).backups!;
    expect(backups).toEqual([
      { item: 'database/mlflow', by: 'ScheduledBackup/mlflow/mlflow-db-daily' },
      { item: 'database/pipelines', by: 'CronJob/kubeflow/pipelines-db-backup' },
      { item: 'database/katib', by: 'CronJob/kubeflow/katib-db-backup' },
      ...['cluster', 'platform', 'workloads'].map((p) => ({ item: `state/onprem-${p}`, by: 'CronJob/terraform-state/terraform-state-backup' })),
    ]);
    const restore = inventory.find((i) => i.id === 'database/pipelines')!.restore.join('\n');
    expect(secrets.map((s) => `${s.namespace}/${s.name}`)).toContain('kubeflow/s3-pipelines-db-backup');
    expect(restore).toContain('kubectl -n kubeflow get secret s3-pipelines-db-backup');
    expect(restore).toContain('mc ls backups/backups/kubeflow/pipelines-db-backup/');
  });

  test('a local state backend is the site’s to back up', () => {
    const dev = buildPlatform(validateSpec(ENVIRONMENTS.dev), tempDir()).inventory;
    expect(dev.filter((i) => i.kind === 'state').map((i) => i.backedUpBy)).toEqual(['site', 'site', 'site']);
  });
});
