import { type Guardrail, objectRef, type Violation, ofKind } from '../guardrail';

/** REL-10: every PostgreSQL cluster archives to the object store and has a scheduled base backup. */
export const rel10DatabaseBackups: Guardrail = {
  id: 'REL-10',
  level: 'error',
  title: 'Every CloudNativePG Cluster has a backup object store (outside the artifact bucket) and a ScheduledBackup',
  fix: 'Create databases through PostgresCluster, which archives to the backups bucket and schedules a daily base backup.',
  check({ objects }) {
    const out: Violation[] = [];
    const schedules = ofKind(objects, 'ScheduledBackup');
    for (const cluster of ofKind(objects, 'Cluster').filter((o) => o.apiVersion.startsWith('postgresql.cnpg.io/'))) {
      const destination: string | undefined = cluster.spec?.backup?.barmanObjectStore?.destinationPath;
      if (!destination && !cluster.spec?.plugins?.length) out.push({ object: objectRef(cluster), message: 'has no backup object store' });
      else if (destination?.startsWith('s3://mlflow-artifacts'))
        out.push({ object: objectRef(cluster), message: `backs up into the artifact bucket (${destination})` });
      const scheduled = schedules.some((s) => s.metadata.namespace === cluster.metadata.namespace && s.spec?.cluster?.name === cluster.metadata.name);
      if (!scheduled) out.push({ object: objectRef(cluster), message: 'has no ScheduledBackup' });
    }
    return out;
  },
};
