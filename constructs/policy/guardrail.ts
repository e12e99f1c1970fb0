/**
 * The shape of the policy pack: rules are small pure functions over the
 * synthesized objects of both outputs (the cdk-nag model), each with a stable
 * ID from GUARDRAILS.md, a level and a one-line explanation.
 */

/** A Kubernetes object as synthesized. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly [field: string]: any;
}

/** One Terraform resource of a synthesized stack. */
export interface TerraformResource {
  /** The stack's name (`onprem-cluster`). */
  readonly stack: string;
  /** Resource type (`helm_release`). */
  readonly type: string;
  /** Resource name within its type. */
  readonly name: string;
  /** Its attributes as in `cdk.tf.json`. */
  readonly body: Readonly<Record<string, any>>;
}

/** One synthesized stack's `cdk.tf.json`. */
export interface TerraformStackJson {
  readonly stack: string;
  readonly json: Readonly<Record<string, any>>;
}

/** Facts about the platform the rules need beyond the objects (capacity, policy settings). */
export interface GuardrailFacts {
  /** Schedulable GPUs (after time-slicing or MIG), CPU cores and memory bytes of the GPU pools. */
  readonly capacity: PlatformCapacity;
  /** How far quotas may exceed capacity (1 = not at all). */
  readonly overcommit: { readonly gpus: number; readonly cpu: number; readonly memory: number };
  /** Image prefixes workloads may use; empty allows any. */
  readonly allowedRegistries: readonly string[];
  /** Namespaces tenants may reach (platform endpoints). */
  readonly platformNamespaces: readonly string[];
  /** The NAS as the spec states it (encryption at rest cannot be seen in the output). */
  readonly nas?: { readonly server: string; readonly encryptedAtRest: boolean; readonly encryptedInTransit: boolean };
  /** OIDC groups of platform admins: the only subjects allowed cluster-wide rights. */
  readonly adminGroups?: readonly string[];
  /** Identities (emails) of the platform admins, who own Kubeflow profiles. */
  readonly adminUsers?: readonly string[];
  /** The databases and Terraform states of the data inventory, and what backs each up (`Kind/namespace/name`, `site`, or nothing). */
  readonly backups?: readonly { readonly item: string; readonly by?: string }[];
  /** Namespaces that hold items of the data inventory, with those items. */
  readonly dataHomes?: readonly { readonly namespace: string; readonly items: readonly string[] }[];
  /** The only client address ranges the gateway may admit (the VPN). */
  readonly vpnRanges?: readonly string[];
  /** StorageClasses the site provides, with their reclaim policy as the spec states it (they are not in the output). */
  readonly siteStorageClasses?: readonly { readonly name: string; readonly reclaimPolicy: string }[];
}

/** What the GPU pools can run, in total and per pool. */
export interface PlatformCapacity {
  readonly gpus: number;
  /** CPU cores. */
  readonly cpu: number;
  /** Memory bytes. */
  readonly memory: number;
  /** Per pool: schedulable GPUs and how they were counted (`3 nodes x 4 GPUs`). */
  readonly pools: readonly { readonly name: string; readonly gpus: number; readonly detail: string }[];
}

/** Everything a rule looks at. */
export interface GuardrailInput {
  readonly objects: readonly KubeObject[];
  readonly stacks: readonly TerraformStackJson[];
  readonly facts: GuardrailFacts;
}

/** What a rule found wrong with one object. */
export interface Violation {
  /** The object: `Kind/namespace/name` (`Kind//name` when cluster-scoped) or `stack:type.name`. */
  readonly object: string;
  /** What is wrong, with the values involved. */
  readonly message: string;
}

/** Error stops synthesis; warning is reported. */
export type GuardrailLevel = 'error' | 'warning';

/** One policy rule. */
export interface Guardrail {
  /** Stable ID from GUARDRAILS.md (`SEC-40`); suppressions name it. */
  readonly id: string;
  readonly level: GuardrailLevel;
  /** One line: what the rule demands. */
  readonly title: string;
  /** How to fix a violation. */
  readonly fix: string;
  /** Every violation in the input. */
  check(input: GuardrailInput): Violation[];
}

/** `Kind/namespace/name`, the reference suppressions and reports use. */
export function objectRef(object: KubeObject): string {
  return `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

/** Each kind's objects with their positions in the list, built once per object list by {@link ofKind}. */
const kindIndexes = new WeakMap<readonly KubeObject[], Map<string, { readonly objects: KubeObject[]; readonly positions: number[] }>>();

/**
 * The objects of `kinds`, in their order in `objects`. Rules ask this of the
 * same list again and again: reading the kind of every object costs
 * milliseconds at a thousand tenants (an object is a cache miss), so each
 * list is made once, on the first call for `objects`.
 */
export function ofKind(objects: readonly KubeObject[], ...kinds: string[]): readonly KubeObject[] {
  let index = kindIndexes.get(objects);
  if (!index) {
    index = new Map();
    for (let position = 0; position < objects.length; position++) {
      const object = objects[position];
      const entry = index.get(object.kind);
      if (entry) {
        entry.objects.push(object);
        entry.positions.push(position);
      } else {
        index.set(object.kind, { objects: [object], positions: [position] });
      }
    }
    kindIndexes.set(objects, index);
  }
  const entries = kinds.map((kind) => index.get(kind)).filter((entry) => entry !== undefined);
  if (entries.length <= 1) return entries[0]?.objects ?? [];
  const positioned = entries.flatMap((entry) => entry.objects.map((object, i) => ({ object, position: entry.positions[i] })));
  return positioned.sort((a, b) => a.position - b.position).map(({ object }) => object);
}

/** `stack:type.name`, the reference of a Terraform resource. */
export function resourceRef(resource: TerraformResource): string {
  return `${resource.stack}:${resource.type}.${resource.name}`;
}

/** Every resource of every stack, flattened. */
export function terraformResources(stacks: readonly TerraformStackJson[]): TerraformResource[] {
  return stacks.flatMap(({ stack, json }) =>
    Object.entries((json.resource ?? {}) as Record<string, Record<string, Record<string, unknown>>>).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, body]) => ({ stack, type, name, body })),
    ),
  );
}

/** A Terraform Kubernetes resource's `metadata` block (a one-element list in some provider schemas). */
export function terraformMetadata(resource: TerraformResource): { name?: string; labels?: Record<string, string> } {
  const metadata = resource.body.metadata;
  return (Array.isArray(metadata) ? metadata[0] : metadata) ?? {};
}
