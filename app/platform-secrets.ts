/**
 * Every Secret the platform needs and never holds: what each is for, which
 * keys it has, and who makes its values — `npm run secrets` (random values,
 * made in memory and sent to the cluster on kubectl's standard input, never
 * written or printed) or only the site (its CA, its identity provider's
 * client, its WireGuard key). Existing Secrets are never overwritten.
 */
import { randomBytes } from 'node:crypto';
import type { IObjectStore, S3Consumer } from '../constructs/platform/object-store';
import { credentialsSecretName } from '../constructs/platform/object-store';
import { merged } from '../constructs/lib/merged';
import { PLATFORM_NAMESPACES } from '../constructs/lib/naming';
import { kubeflowInstalled, type PlatformSpec } from '../environments/spec';

/** A Secret by namespace and name. */
export interface SecretRef {
  readonly namespace: string;
  readonly name: string;
}

/** One Secret the platform refers to. */
export interface PlatformSecret extends SecretRef {
  readonly keys: readonly string[];
  /** What it is for. */
  readonly purpose: string;
  readonly source:
    | {
        readonly kind: 'generated';
        /**
         * The values, made fresh, or from the partner Secret's values when
         * it exists (a consumer's MinIO user and its credentials hold one key pair).
         */
        readonly values: (partner?: Readonly<Record<string, string>>) => Record<string, string>;
        readonly partner?: SecretRef;
      }
    | { readonly kind: 'site' /** How the site makes it. */; readonly how: string };
}

/** Random text of `bytes` bytes of entropy, safe in URLs, files and shells. */
function random(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** An AWS shared-credentials file for one key pair. */
function credentialsFile(accessKey: string, secretKey: string): string {
  return `[default]\naws_access_key_id = ${accessKey}\naws_secret_access_key = ${secretKey}\n`;
}

/** A consumer's key pair: the object store's user (`s3-user-<name>`) and the consumer's copy (`s3-<name>`, with a credentials file). */
function consumerSecrets(consumer: S3Consumer, store: IObjectStore, storeNamespace: string | undefined): PlatformSecret[] {
  const mine: SecretRef = { namespace: consumer.namespace, name: credentialsSecretName(consumer) };
  const purpose = `the object store key pair of ${consumer.name}`;
  const keys = ['CONSOLE_ACCESS_KEY', 'CONSOLE_SECRET_KEY'];
  if (storeNamespace === undefined) {
    return [
      {
        ...mine,
        keys: [...keys, 'credentials'],
        purpose,
        source: {
          kind: 'site',
          how: `a key pair of a user of the site's S3 (${store.endpoint}) allowed what the platform grants ${consumer.name}, and the same pair as an AWS shared-credentials file`,
        },
      },
    ];
  }
  const pair = (partner?: Readonly<Record<string, string>>) => ({
    CONSOLE_ACCESS_KEY: partner?.CONSOLE_ACCESS_KEY ?? consumer.name,
    CONSOLE_SECRET_KEY: partner?.CONSOLE_SECRET_KEY ?? random(30),
  });
  const user: SecretRef = { namespace: storeNamespace, name: `s3-user-${consumer.name}` };
  return [
    merged(user, { keys, purpose: `${purpose} (the MinIO user)`, source: { kind: 'generated', values: pair, partner: mine } }),
    merged(mine, {
      keys: [...keys, 'credentials'],
      purpose,
      source: {
        kind: 'generated',
        partner: user,
        values: (partner?: Readonly<Record<string, string>>) => {
          const p = pair(partner);
          return { ...p, credentials: credentialsFile(p.CONSOLE_ACCESS_KEY, p.CONSOLE_SECRET_KEY) };
        },
      },
    }),
  ];
}

/** Every Secret the spec's platform refers to, in the order they are made (a pair's first half first). */
export function platformSecrets(spec: PlatformSpec, store: IObjectStore): PlatformSecret[] {
  const minio = spec.objectStore.kind === 'minio' ? spec.objectStore : undefined;
  const { pipelines, katib } = spec.kubeflow.components;
  const generated = (values: () => Record<string, string>) => ({ kind: 'generated' as const, values: () => values() });
  const site = (how: string) => ({ kind: 'site' as const, how });
  const consumers = store.consumers();
  const external = spec.objectStore.kind === 'external-s3' ? spec.objectStore : undefined;
  return [
    {
      namespace: PLATFORM_NAMESPACES.certManager,
      name: spec.tls.caSecret,
      keys: ['tls.crt', 'tls.key'],
      purpose: 'the internal CA every platform certificate comes from',
      source: site('the site CA (or a CA made for the platform): its certificate and key, as a kubernetes.io/tls Secret'),
    },
    ...(minio
      ? [
          {
            namespace: PLATFORM_NAMESPACES.objectStore,
            name: minio.rootSecret,
            keys: ['config.env'],
            purpose: 'the MinIO root user',
            source: generated(() => ({ 'config.env': `export MINIO_ROOT_USER="root-${random(6)}"\nexport MINIO_ROOT_PASSWORD="${random(30)}"\n` })),
          },
          {
            namespace: PLATFORM_NAMESPACES.objectStore,
            name: minio.kmsSecret,
            keys: ['key'],
            purpose: 'the key MinIO encrypts every object with (SSE)',
            source: generated(() => ({ key: `platform-kms:${randomBytes(32).toString('base64')}` })),
          },
        ]
      : []),
    ...(external?.caSecret
      ? [...new Set(consumers.map((c) => c.namespace))].sort().map((namespace) => ({
          namespace,
          name: external.caSecret!,
          keys: ['ca.crt'],
          purpose: 'the CA of the site’s S3 endpoint',
          source: site('the CA certificate that signed the S3 endpoint’s certificate'),
        }))
      : []),
    ...consumers.flatMap((c) => consumerSecrets(c, store, minio ? PLATFORM_NAMESPACES.objectStore : undefined)),
    {
      namespace: PLATFORM_NAMESPACES.vpn,
      name: spec.vpn.serverKeySecret,
      keys: ['privatekey'],
      purpose: 'the WireGuard gateway’s private key',
      source: site('`wg genkey`; its public key (`wg pubkey`) is vpn.serverPublicKey in the spec'),
    },
    ...(spec.access.oidc && kubeflowInstalled(spec)
      ? [
          {
            namespace: 'oauth2-proxy',
            name: spec.access.oidc.clientSecret,
            keys: ['client-secret', 'cookie-secret'],
            purpose: 'single sign-on: the OIDC client and the session cookie key',
            source: site(
              `the client secret of ${spec.access.oidc.clientId} from the identity provider, and a cookie secret (\`openssl rand -base64 32 | tr -- '+/' '-_'\`)`,
            ),
          },
        ]
      : []),
    ...(pipelines
      ? [
          {
            namespace: PLATFORM_NAMESPACES.kubeflow,
            name: 'mysql-secret',
            keys: ['username', 'password'],
            purpose: 'the Pipelines database',
            source: generated(() => ({ username: 'root', password: random(24) })),
          },
        ]
      : []),
    ...(katib
      ? [
          {
            namespace: PLATFORM_NAMESPACES.kubeflow,
            name: 'katib-mysql-secrets',
            keys: ['MYSQL_ROOT_PASSWORD'],
            purpose: 'the Katib database',
            source: generated(() => ({ MYSQL_ROOT_PASSWORD: random(24) })),
          },
        ]
      : []),
  ];
}
