import { Construct } from 'constructs';
import { PlatformHelmRelease } from '../cluster/platform-helm-release';
import { PlatformNamespace } from '../cluster/platform-namespace';
import { GPU_TOLERATION, gpuPoolSelector } from '../lib/gpu-scheduling';
import { type ChartSource, mirroredRepository } from '../lib/helm-charts';
import type { IObjectStore } from './object-store';

/** A Kubeflow component as the site packaged it. */
export interface KubeflowComponent {
  readonly enabled: boolean;
  readonly version: string;
  readonly chart: string;
}

/** Properties of {@link Kubeflow}. */
export interface KubeflowProps {
  /** The release line, e.g. `26.03`. */
  readonly release: string;
  /** Chart repository holding the packaged components. */
  readonly chartRepository: string;
  readonly components: {
    readonly profiles: KubeflowComponent;
    readonly notebooks: KubeflowComponent;
    readonly pipelines: KubeflowComponent;
    readonly katib: KubeflowComponent;
  };
  /** Pinned Pod Security version, e.g. `v1.31`. */
  readonly podSecurityVersion: string;
  /** The platform admin who owns every profile. */
  readonly adminEmail: string;
  /** Notebook images offered in the form. */
  readonly notebookImages: readonly string[];
  /** GPU pools offered in the notebook form. */
  readonly gpuPools: readonly string[];
  /** Pipelines keep artifacts in the `pipelines` bucket of this store. */
  readonly objectStore: IObjectStore;
  /** StorageClass for the components' databases (Retain). */
  readonly storageClass: string;
  /** Single sign-on for the auth proxy in front of Kubeflow. */
  readonly oidc: { readonly issuerUrl: string; readonly clientSecret: string };
  readonly authProxyChart: ChartSource;
  /** Platform domain (the dashboard is `kubeflow.<domain>`). */
  readonly domain: string;
  /**
   * Registry prefix images are pulled through.
   * @default - upstream registries
   */
  readonly imageMirror?: string;
}

/**
 * Kubeflow in multi-user mode, one pinned release line: the Profiles
 * controller with the PodDefault webhook and central dashboard, Notebooks
 * (spawner defaults: TensorFlow/Keras images, CPU and memory within tenant
 * quotas, a GPU choice per pool), Pipelines storing artifacts in the object
 * store through its interface, Katib, and an OIDC auth proxy in front.
 * Kubeflow ships kustomize manifests; the site packages each component as a
 * Helm chart in its own repository, and these values are the contract.
 */
export class Kubeflow extends Construct {
  public readonly namespace: PlatformNamespace;
  /** Releases by component. */
  public readonly releases: ReadonlyMap<string, PlatformHelmRelease>;

  constructor(scope: Construct, id: string, props: KubeflowProps) {
    super(scope, id);
    this.namespace = new PlatformNamespace(this, 'Namespace', {
      name: 'kubeflow',
      component: 'kubeflow',
      podSecurityVersion: props.podSecurityVersion,
      podSecurity: 'baseline',
      holdsData: true,
      exemptionReason: 'upstream Kubeflow controllers and web apps do not all set the restricted security context; baseline still forbids privilege and host access',
    });
    const imageRegistry = (registry: string) => mirroredRepository(registry, props.imageMirror);
    const releases = new Map<string, PlatformHelmRelease>();
    const add = (key: string, component: KubeflowComponent, values: Record<string, unknown>) => {
      if (!component.enabled) return;
      releases.set(
        key,
        new PlatformHelmRelease(this, key, {
          name: component.chart,
          namespace: this.namespace,
          chart: { chart: component.chart, repository: props.chartRepository, version: component.version },
          values: { kubeflowRelease: props.release, imageRegistry: imageRegistry('ghcr.io/kubeflow'), ...values },
        }),
      );
    };
    add('Profiles', props.components.profiles, {
      multiUser: true,
      admin: props.adminEmail,
      podDefaultsWebhook: { enabled: true },
      centralDashboard: { enabled: true, host: `kubeflow.${props.domain}` },
    });
    add('Notebooks', props.components.notebooks, {
      spawner: {
        images: [...props.notebookImages],
        cpu: { value: '1', limitFactor: '2', readOnly: false },
        memory: { value: '4Gi', limitFactor: '1', readOnly: false },
        gpus: { value: { num: 'none', vendors: [{ limitsKey: 'nvidia.com/gpu', uiName: 'NVIDIA' }], vendor: 'nvidia.com/gpu' }, readOnly: false },
        tolerationGroup: { options: props.gpuPools.map((pool) => ({ groupKey: pool, displayName: `GPU pool ${pool}`, tolerations: [{ ...GPU_TOLERATION }] })) },
        affinityConfig: {
          options: props.gpuPools.map((pool) => ({
            configKey: pool,
            displayName: `GPU pool ${pool}`,
            affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: Object.entries(gpuPoolSelector(pool)).map(([key, value]) => ({ key, operator: 'In', values: [value] })) }] } } },
          })),
        },
      },
      culling: { enabled: true, idleTimeMinutes: 1440 },
    });
    if (props.components.pipelines.enabled) {
      const s3 = props.objectStore.grant({ name: 'kubeflow-pipelines', namespace: this.namespace.name }, 'pipelines', 'write');
      const endpoint = new URL(s3.endpoint);
      add('Pipelines', props.components.pipelines, {
        multiUser: true,
        objectStore: { host: endpoint.hostname, port: Number(endpoint.port || 443), secure: true, bucket: s3.bucket, region: s3.region, credentialsSecret: s3.credentialsSecret },
        database: { storageClass: props.storageClass },
      });
    }
    add('Katib', props.components.katib, { database: { storageClass: props.storageClass } });
    const anyEnabled = Object.values(props.components).some((c) => c.enabled);
    if (anyEnabled) {
      releases.set(
        'AuthProxy',
        new PlatformHelmRelease(this, 'AuthProxy', {
          name: 'oauth2-proxy',
          namespace: this.namespace,
          chart: props.authProxyChart,
          values: {
            image: { repository: mirroredRepository('quay.io/oauth2-proxy/oauth2-proxy', props.imageMirror) },
            // The chart reads client-id, client-secret and cookie-secret from the existing Secret.
            config: { existingSecret: props.oidc.clientSecret },
            extraArgs: {
              provider: 'oidc',
              'oidc-issuer-url': props.oidc.issuerUrl,
              'email-domain': '*',
              'cookie-secure': 'true',
              'skip-provider-button': 'true',
              'set-xauthrequest': 'true',
            },
          },
        }),
      );
    }
    this.releases = releases;
  }
}
