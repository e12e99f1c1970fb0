import type { Guardrail, GuardrailInput, GuardrailLevel } from './guardrail';
import { sec09HighUid } from './rules/sec-09-high-uid';
import { sec11SeLinux } from './rules/sec-11-selinux';
import { sec12ProcMount } from './rules/sec-12-proc-mount';
import { sec13SafeSysctls } from './rules/sec-13-safe-sysctls';
import { sec14AppArmor } from './rules/sec-14-apparmor';
import { sec17WholeGpus } from './rules/sec-17-whole-gpus';
import { sec22ServiceAccountToken } from './rules/sec-22-service-account-token';
import { sec25SecretFiles } from './rules/sec-25-secret-files';
import { rel02ClaimRetention } from './rules/rel-02-claim-retention';
import { rel07PreventDestroy } from './rules/rel-07-prevent-destroy';
import { rel08StateLocking } from './rules/rel-08-state-locking';
import { rel12SpreadReplicas } from './rules/rel-12-spread-replicas';
import { sec01HostNamespaces } from './rules/sec-01-host-namespaces';
import { sec02Privileged } from './rules/sec-02-privileged';
import { sec03Capabilities } from './rules/sec-03-capabilities';
import { sec06HostPorts } from './rules/sec-06-host-ports';
import { sec07PrivilegeEscalation } from './rules/sec-07-privilege-escalation';
import { sec08NonRoot } from './rules/sec-08-non-root';
import { sec10Seccomp } from './rules/sec-10-seccomp';
import { sec15ReadOnlyRoot } from './rules/sec-15-read-only-root';
import { sec16Resources } from './rules/sec-16-resources';
import { sec18Probes } from './rules/sec-18-probes';
import { sec19PinnedImages } from './rules/sec-19-pinned-images';
import { sec20AllowedRegistries } from './rules/sec-20-allowed-registries';
import { sec27NoClusterAdmin } from './rules/sec-27-no-cluster-admin';
import { sec28TenantRoleRefs } from './rules/sec-28-tenant-role-refs';
import { sec29NoWildcards } from './rules/sec-29-no-wildcards';
import { sec30NoEscalation } from './rules/sec-30-no-escalation';
import { sec31NoPersistentVolumes } from './rules/sec-31-no-persistent-volumes';
import { sec32NoForeignSecrets } from './rules/sec-32-no-foreign-secrets';
import { sec33NoNodeProxy } from './rules/sec-33-no-node-proxy';
import { sec34NoNamespaceWrites } from './rules/sec-34-no-namespace-writes';
import { sec35ExecInOwnNamespace } from './rules/sec-35-exec-in-own-namespace';
import { sec36ProfileOwner } from './rules/sec-36-profile-owner';
import { plt05VpnOnlyGateway } from './rules/plt-05-vpn-only-gateway';
import { plt07DataHomesProtected } from './rules/plt-07-data-homes-protected';
import { plt08BackedUp } from './rules/plt-08-backed-up';
import { plt09NoAdminConsumerKeys } from './rules/plt-09-no-admin-consumer-keys';
import { plt10NasEncryptedInTransit } from './rules/plt-10-nas-encrypted-in-transit';
import { plt06MlflowAuthorization } from './rules/plt-06-mlflow-authorization';
import { plt01VolumeClaimPairing } from './rules/plt-01-volume-claim-pairing';
import { plt02PlatformPodSecurity } from './rules/plt-02-platform-pod-security';
import { plt03NasEncryptedAtRest } from './rules/plt-03-nas-encrypted-at-rest';
import { plt04NfsMountPermissions } from './rules/plt-04-nfs-mount-permissions';
import { rel01RetainedPlatformClaims } from './rules/rel-01-retained-platform-claims';
import { rel03NfsOnDelete } from './rules/rel-03-nfs-on-delete';
import { rel04ModelBucketVersioning } from './rules/rel-04-model-bucket-versioning';
import { rel05ModelBucketLock } from './rules/rel-05-model-bucket-lock';
import { rel06NoForceDestroy } from './rules/rel-06-no-force-destroy';
import { rel09DisruptionBudget } from './rules/rel-09-disruption-budget';
import { rel10DatabaseBackups } from './rules/rel-10-database-backups';
import { rel11ObjectStoreDrives } from './rules/rel-11-object-store-drives';
import { sec48aTlsEndpoints } from './rules/sec-48a-tls-endpoints';
import { sec48bStrictMtls } from './rules/sec-48b-strict-mtls';
import { sec48cDataServiceTls } from './rules/sec-48c-data-service-tls';
import { sec48dObjectStoreEncryption } from './rules/sec-48d-object-store-encryption';
import { sec04NoHostPath } from './rules/sec-04-no-host-path';
import { sec05VolumeTypes } from './rules/sec-05-volume-types';
import { sec23DefaultServiceAccount } from './rules/sec-23-default-service-account';
import { sec24SecretInEnv } from './rules/sec-24-secret-in-env';
import { sec26CredentialsInConfig } from './rules/sec-26-credentials-in-config';
import { sec37ExplicitNamespace } from './rules/sec-37-explicit-namespace';
import { sec38TenantNamespaceName } from './rules/sec-38-tenant-namespace-name';
import { sec39PodSecurityLabels } from './rules/sec-39-pod-security-labels';
import { sec40DefaultDeny } from './rules/sec-40-default-deny';
import { sec41DnsAndPlatformEgress } from './rules/sec-41-dns-and-platform-egress';
import { sec42NamespaceSelector } from './rules/sec-42-namespace-selector';
import { sec43WorkloadIsolated } from './rules/sec-43-workload-isolated';
import { sec44NoExposedServices } from './rules/sec-44-no-exposed-services';
import { sec45TenantQuota } from './rules/sec-45-tenant-quota';
import { sec46LimitRange } from './rules/sec-46-limit-range';
import { sec47QuotaWithinCapacity } from './rules/sec-47-quota-within-capacity';

/** Every rule the platform enforces: GUARDRAILS.md IDs (SEC, REL), then the platform's own (PLT). */
export const GUARDRAILS: readonly Guardrail[] = [
  sec01HostNamespaces,
  sec02Privileged,
  sec03Capabilities,
  sec04NoHostPath,
  sec05VolumeTypes,
  sec06HostPorts,
  sec07PrivilegeEscalation,
  sec08NonRoot,
  sec09HighUid,
  sec10Seccomp,
  sec11SeLinux,
  sec12ProcMount,
  sec13SafeSysctls,
  sec14AppArmor,
  sec15ReadOnlyRoot,
  sec16Resources,
  sec17WholeGpus,
  sec18Probes,
  sec19PinnedImages,
  sec20AllowedRegistries,
  sec22ServiceAccountToken,
  sec23DefaultServiceAccount,
  sec24SecretInEnv,
  sec25SecretFiles,
  sec26CredentialsInConfig,
  sec27NoClusterAdmin,
  sec28TenantRoleRefs,
  sec29NoWildcards,
  sec30NoEscalation,
  sec31NoPersistentVolumes,
  sec32NoForeignSecrets,
  sec33NoNodeProxy,
  sec34NoNamespaceWrites,
  sec35ExecInOwnNamespace,
  sec36ProfileOwner,
  sec37ExplicitNamespace,
  sec38TenantNamespaceName,
  sec39PodSecurityLabels,
  sec40DefaultDeny,
  sec41DnsAndPlatformEgress,
  sec42NamespaceSelector,
  sec43WorkloadIsolated,
  sec44NoExposedServices,
  sec45TenantQuota,
  sec46LimitRange,
  sec47QuotaWithinCapacity,
  sec48aTlsEndpoints,
  sec48bStrictMtls,
  sec48cDataServiceTls,
  sec48dObjectStoreEncryption,
  rel01RetainedPlatformClaims,
  rel02ClaimRetention,
  rel03NfsOnDelete,
  rel04ModelBucketVersioning,
  rel05ModelBucketLock,
  rel06NoForceDestroy,
  rel07PreventDestroy,
  rel08StateLocking,
  rel09DisruptionBudget,
  rel10DatabaseBackups,
  rel11ObjectStoreDrives,
  rel12SpreadReplicas,
  plt01VolumeClaimPairing,
  plt02PlatformPodSecurity,
  plt03NasEncryptedAtRest,
  plt04NfsMountPermissions,
  plt05VpnOnlyGateway,
  plt07DataHomesProtected,
  plt08BackedUp,
  plt09NoAdminConsumerKeys,
  plt10NasEncryptedInTransit,
  plt06MlflowAuthorization,
];

/** A reasoned exemption of one object from one rule. */
export interface Suppression {
  readonly rule: string;
  readonly object: string;
  readonly reason: string;
}

/** A violation with its rule. */
export interface Finding {
  readonly rule: string;
  readonly level: GuardrailLevel;
  readonly object: string;
  readonly message: string;
  readonly fix: string;
}

/** The outcome of running the pack. */
export interface GuardrailReport {
  /** Violations of error rules: synthesis stops on any. */
  readonly errors: readonly Finding[];
  readonly warnings: readonly Finding[];
  /** Violations a suppression exempted, with its reason. */
  readonly suppressed: readonly (Finding & { readonly reason: string })[];
  /** Suppressions that matched nothing (stale, or a typo). */
  readonly unusedSuppressions: readonly Suppression[];
}

/** Runs `rules` over both outputs and applies suppressions, each to its one object. */
export function runGuardrails(input: GuardrailInput, suppressions: readonly Suppression[] = [], rules: readonly Guardrail[] = GUARDRAILS): GuardrailReport {
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  const suppressed: (Finding & { reason: string })[] = [];
  const used = new Set<Suppression>();
  // The first suppression of each rule and object, looked up per finding (thousands of each at a thousand tenants).
  const findingKey = (rule: string, object: string) => `${rule}\0${object}`;
  const byFinding = new Map<string, Suppression>();
  for (const s of suppressions) {
    const key = findingKey(s.rule, s.object);
    if (!byFinding.has(key)) byFinding.set(key, s);
  }
  for (const rule of rules) {
    for (const violation of rule.check(input)) {
      const finding: Finding = { rule: rule.id, level: rule.level, object: violation.object, message: violation.message, fix: rule.fix };
      const suppression = byFinding.get(findingKey(rule.id, violation.object));
      if (suppression) {
        used.add(suppression);
        suppressed.push({ ...finding, reason: suppression.reason });
      } else {
        (rule.level === 'error' ? errors : warnings).push(finding);
      }
    }
  }
  return { errors, warnings, suppressed, unusedSuppressions: suppressions.filter((s) => !used.has(s)) };
}

/** `SEC-40 Namespace//alice: has no default-deny ... (fix: ...)`. */
export function formatFinding(finding: Finding): string {
  return `${finding.rule} ${finding.object}: ${finding.message}\n    fix: ${finding.fix}`;
}
