import { Construct } from 'constructs';
import { KubeConfigMap, Quantity } from 'cdk8s-plus-28/lib/imports/k8s';
import { IMAGE_PULL_POLICY, mirroredImage, PINNED_IMAGES } from '../lib/images';
import { standardLabels } from '../lib/labels';
import { PlatformCronJob } from '../lib/platform-cron-job';
import { HARDENED_CONTAINER } from '../lib/restricted-pod';
import { StaticNfsVolume } from '../tenancy/static-nfs-volume';
import type { ServiceNamespace } from './service-namespace';

/** Properties of {@link NasFolders}. */
export interface NasFoldersProps {
  /** The namespace the job runs in. */
  readonly namespace: ServiceNamespace;
  /** The NAS. */
  readonly nas: { readonly server: string; readonly share: string; readonly mountOptions: readonly string[] };
  /** The folder below the share that holds the per-tenant folders, and its size. */
  readonly area: { readonly path: string; readonly size: string };
  /** Names of the folders to keep below the area (one per tenant). */
  readonly folders: readonly string[];
  /** The user and group tenant pods write the NAS as: the folders are theirs, writable by the group only. */
  readonly owner: { readonly uid: number; readonly gid: number };
  /**
   * Registry prefix images are pulled through.
   * @default - upstream registries
   */
  readonly imageMirror?: string;
}

const NAME = 'nas-folders';
const MOUNT = '/nas';

/**
 * The shell script that keeps the folders: each made if missing and set to mode 2770 (the owner's group may write,
 * new files inherit the group, others get nothing); safe to run any number of times. A folder someone else owns
 * stops the run (chmod is refused), which shows the export's user mapping is not what the spec states.
 */
function nasFoldersScript(folders: readonly string[]): string {
  return ['#!/bin/sh', 'set -eu', 'umask 007', ...folders.flatMap((f) => [`mkdir -p '${MOUNT}/${f}'`, `chmod 2770 '${MOUNT}/${f}'`]), ''].join('\n');
}

/**
 * Each tenant's folder of a NAS area, made before the tenant first needs it and
 * writable by the pods of that tenant: a CronJob (hourly, so a tenant added
 * later gets theirs) running as the storage owner mounts the area through a
 * static volume and creates the folders, mode 2770. Tenants reach only their
 * own folder, through their own pre-bound volume.
 */
export class NasFolders extends Construct {
  constructor(scope: Construct, id: string, props: NasFoldersProps) {
    super(scope, id);
    const ns = props.namespace.name;
    const areaName = props.area.path.replaceAll('/', '-');
    const labels = standardLabels({ name: NAME, instance: areaName, component: 'nas-folders' });
    const area = new StaticNfsVolume(this, 'Area', {
      ...props.nas,
      namespace: ns,
      claimName: NAME,
      volumeName: `${NAME}-${areaName}`,
      path: props.area.path,
      capacity: props.area.size,
      readOnly: false,
      component: 'nas-folders',
    });
    area.claim(this, 'AreaClaim');
    new KubeConfigMap(this, 'Script', { metadata: { name: NAME, namespace: ns, labels }, data: { 'folders.sh': nasFoldersScript(props.folders) } });
    new PlatformCronJob(this, 'Job', {
      name: NAME,
      namespace: ns,
      labels,
      schedule: '17 * * * *',
      backoffLimit: 3,
      activeDeadlineSeconds: 600,
      runAs: props.owner,
      containers: [
        {
          name: 'folders',
          image: mirroredImage(PINNED_IMAGES.minioClient, props.imageMirror),
          imagePullPolicy: IMAGE_PULL_POLICY,
          command: ['/bin/sh', `/etc/${NAME}/folders.sh`],
          securityContext: HARDENED_CONTAINER,
          resources: {
            requests: { cpu: Quantity.fromString('10m'), memory: Quantity.fromString('16Mi') },
            limits: { cpu: Quantity.fromString('100m'), memory: Quantity.fromString('64Mi') },
          },
          volumeMounts: [
            { name: 'script', mountPath: `/etc/${NAME}`, readOnly: true },
            { name: 'area', mountPath: MOUNT },
          ],
        },
      ],
      volumes: [
        { name: 'script', configMap: { name: NAME } },
        { name: 'area', persistentVolumeClaim: { claimName: NAME } },
      ],
    });
  }
}
