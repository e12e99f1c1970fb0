import { Testing } from 'cdk8s';
import { PlatformCronJob } from '../../constructs/lib/platform-cron-job';

const synth = (props: Partial<ConstructorParameters<typeof PlatformCronJob>[2]> = {}) => {
  const chart = Testing.chart();
  new PlatformCronJob(chart, 'Job', {
    name: 'dump',
    namespace: 'mlflow',
    labels: { app: 'dump' },
    schedule: '0 2 * * *',
    backoffLimit: 2,
    activeDeadlineSeconds: 3600,
    containers: [{ name: 'dump', image: 'pg:17' }],
    volumes: [{ name: 'tmp', emptyDir: {} }],
    ...props,
  });
  return Testing.synth(chart);
};

describe('PlatformCronJob', () => {
  test('one run at a time, bounded, as a restricted pod of its own account without a token', () => {
    const [account, cron] = synth();
    expect(account).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'dump', namespace: 'mlflow', labels: { app: 'dump' } },
      automountServiceAccountToken: false,
    });
    expect(cron).toEqual({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'dump', namespace: 'mlflow', labels: { app: 'dump' } },
      spec: {
        schedule: '0 2 * * *',
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          spec: {
            backoffLimit: 2,
            activeDeadlineSeconds: 3600,
            template: {
              metadata: { labels: { app: 'dump' } },
              spec: {
                serviceAccountName: 'dump',
                automountServiceAccountToken: false,
                restartPolicy: 'OnFailure',
                securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
                containers: [{ name: 'dump', image: 'pg:17' }],
                volumes: [{ name: 'tmp', emptyDir: {} }],
              },
            },
          },
        },
      },
    });
  });

  test('a job that calls the API gets its token; its own user, group, init containers and pod annotations', () => {
    const [account, cron] = synth({
      usesApi: true,
      runAs: { uid: 26, gid: 27 },
      fsGroup: 28,
      podAnnotations: { a: 'b' },
      initContainers: [{ name: 'wait', image: 'busybox:1' }],
    });
    expect(account.automountServiceAccountToken).toBe(true);
    const template = cron.spec.jobTemplate.spec.template;
    expect(template.metadata).toEqual({ labels: { app: 'dump' }, annotations: { a: 'b' } });
    expect(template.spec.automountServiceAccountToken).toBe(true);
    expect(template.spec.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 26,
      runAsGroup: 27,
      fsGroup: 28,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(template.spec.initContainers).toEqual([{ name: 'wait', image: 'busybox:1' }]);
  });
});
