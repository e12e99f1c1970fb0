import type { GpuPlacement } from '../lib/gpu-scheduling';
/** What Istio and its ingress gateway need to know of the site (installed with or without Kubeflow). */
export interface MeshSite {
  /**
   * Registry prefix every image is pulled through.
   * @default - upstream registries
   */
  readonly mirror?: string;
  /** Platform domain: the dashboard is `https://kubeflow.<domain>`. */
  readonly domain: string;
  /**
   * The ingress gateway: the edge node whose host network it runs on, every host it serves (the Gateway is the
   * gateway chart's), and the hosts besides Kubeflow's that are behind its sign-on.
   */
  readonly gateway: { readonly node: string; readonly hosts: readonly string[]; readonly signedOnHosts: readonly string[] };
}

/** What the Kubeflow units need to know of the site, computed from the spec and the platform's handles. */
export interface KubeflowSite extends MeshSite {
  /** The site's OIDC provider: issuer, the client ID, and the Secret (in `oauth2-proxy`) with `client-secret` and `cookie-secret`. */
  readonly oidc: { readonly issuerUrl: string; readonly clientId: string; readonly clientSecret: string };
  /** The platform admin: the cluster admin of the Profiles' access management. */
  readonly adminEmail: string;
  /** The MLflow tracking server, linked from the dashboard. */
  readonly mlflowUrl: string;
  /** StorageClass of the components' databases (`Retain`). */
  readonly storageClass: string;
  /** Which applications run; the dashboard, profiles and the PodDefault webhook come with any. */
  readonly components: { readonly pipelines: boolean; readonly katib: boolean; readonly notebooks: boolean };
  /** JupyterLab images offered in the notebook form (upstream references; mirrored by the unit). */
  readonly notebookImages: readonly string[];
  /** GPU pools offered in the notebook form. */
  readonly gpuPools: readonly GpuPlacement[];
  /** The user and group tenant pods write the NAS as (`storage.owner`): pipeline steps run as them, notebooks get the group. */
  readonly storageOwner: { readonly uid: number; readonly gid: number };
  /** Where Pipelines keep artifacts: the platform's object store (TLS), its `pipelines` bucket and credentials. */
  readonly pipelinesStore: PipelinesStore;
}

/** The object store as Pipelines see it. */
export interface PipelinesStore {
  readonly host: string;
  readonly port: number;
  readonly region: string;
  readonly bucket: string;
  /** Secret in `kubeflow` with `CONSOLE_ACCESS_KEY` and `CONSOLE_SECRET_KEY`. */
  readonly credentialsSecret: string;
  /**
   * Secret in `kubeflow` with the `ca.crt` that certifies the endpoint.
   * @default - none: the endpoint's certificate is publicly trusted
   */
  readonly caSecret?: string;
}

/** An image reference through the mirror (or as it is without one). */
export function mirroredImage(image: string, mirror?: string): string {
  return mirror ? `${mirror}/${image}` : image;
}
