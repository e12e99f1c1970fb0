import { Construct } from 'constructs';
import { type Container, KubeCronJob, KubeServiceAccount, type Volume } from 'cdk8s-plus-28/lib/imports/k8s';
import { restrictedPodSecurity } from './restricted-pod';

/** Properties of a {@link PlatformCronJob}. */
export interface PlatformCronJobProps {
  /** Name of the CronJob and of its ServiceAccount. */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly schedule: string;
  /** Retries of one run. */
  readonly backoffLimit: number;
  /** How long one run may take. */
  readonly activeDeadlineSeconds: number;
  /** @default - none */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * The pods call the Kubernetes API (their ServiceAccount's token is mounted).
   * @default false
   */
  readonly usesApi?: boolean;
  /** @default {@link PLATFORM_USER} */
  readonly runAs?: { readonly uid: number; readonly gid: number };
  /** @default - no fsGroup */
  readonly fsGroup?: number;
  /** @default - none */
  readonly initContainers?: Container[];
  readonly containers: Container[];
  readonly volumes: Volume[];
}

/**
 * A job the platform runs on a schedule: its own ServiceAccount (no token
 * unless it calls the API), one run at a time, a bounded retry and duration,
 * and a restricted pod.
 */
export class PlatformCronJob extends Construct {
  constructor(scope: Construct, id: string, props: PlatformCronJobProps) {
    super(scope, id);
    const { name, namespace, labels } = props;
    const usesApi = props.usesApi ?? false;
    new KubeServiceAccount(this, 'ServiceAccount', { metadata: { name, namespace, labels: { ...labels } }, automountServiceAccountToken: usesApi });
    new KubeCronJob(this, 'Resource', {
      metadata: { name, namespace, labels: { ...labels } },
      spec: {
        schedule: props.schedule,
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          spec: {
            backoffLimit: props.backoffLimit,
            activeDeadlineSeconds: props.activeDeadlineSeconds,
            template: {
              metadata: { labels: { ...labels }, ...(props.podAnnotations ? { annotations: { ...props.podAnnotations } } : {}) },
              spec: {
                serviceAccountName: name,
                automountServiceAccountToken: usesApi,
                restartPolicy: 'OnFailure',
                securityContext: restrictedPodSecurity(props.runAs, props.fsGroup),
                ...(props.initContainers ? { initContainers: props.initContainers } : {}),
                containers: props.containers,
                volumes: props.volumes,
              },
            },
          },
        },
      },
    });
  }
}
