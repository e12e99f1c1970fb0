import { AUDITOR_CHECKS, annotateExemptions, auditorAnnotations, reasonAnnotation } from '../../constructs/policy/auditor-annotations';
import type { KubeObject } from '../../constructs/policy/guardrail';
import { kubeObject } from '../support/objects';

/** The checks of `rule` a pod trips, by their names in the three tools. */
const tripped = (rule: string, pod: Record<string, any>) =>
  AUDITOR_CHECKS[rule].filter((c) => c.applies(pod)).map((c) => c.polaris ?? c.kubeLinter ?? c.checkov);
const container = (securityContext?: object, rest: object = {}) => ({ containers: [{ name: 'c', ...(securityContext ? { securityContext } : {}), ...rest }] });
const safe = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 10001 };

describe('exemptions as the auditors see them', () => {
  test('only the checks the pod trips are exempted: the host network hides no host PID; Checkov skips are numbered after the taken ones', () => {
    const annotations = auditorAnnotations('SEC-01', 'the gateway needs it', { hostNetwork: true }, 3, ['CKV_K8S_99']);
    expect(annotations).toEqual({
      [reasonAnnotation('SEC-01')]: 'the gateway needs it',
      'polaris.fairwinds.com/hostNetworkSet-exempt': 'true',
      'ignore-check.kube-linter.io/host-network': 'the gateway needs it',
      'checkov.io/skip3': 'CKV_K8S_19=the gateway needs it',
    });
    expect(auditorAnnotations('SEC-03', 'r', { containers: [{ securityContext: { capabilities: { add: ['NET_BIND_SERVICE'] } } }] })).toEqual({
      [reasonAnnotation('SEC-03')]: 'r',
      'polaris.fairwinds.com/insecureCapabilities-exempt': 'true',
      'checkov.io/skip1': 'CKV_K8S_25=r',
      'checkov.io/skip2': 'CKV_K8S_37=r',
    });
  });

  test('a Checkov ID already skipped is not repeated, and one ID is skipped once', () => {
    expect(auditorAnnotations('SEC-01', 'r', { hostNetwork: true }, 2, ['CKV_K8S_19'])).toEqual({
      [reasonAnnotation('SEC-01')]: 'r',
      'polaris.fairwinds.com/hostNetworkSet-exempt': 'true',
      'ignore-check.kube-linter.io/host-network': 'r',
    });
    expect(auditorAnnotations('SEC-99', 'r', { hostNetwork: true })).toEqual({ 'mlops-platform.io/exempt-SEC-99': 'r' });
  });

  test('host namespaces: each one its own check', () => {
    expect(tripped('SEC-01', { hostNetwork: true, hostPID: false })).toEqual(['hostNetworkSet']);
    expect(tripped('SEC-01', { hostPID: true })).toEqual(['hostPIDSet']);
    expect(tripped('SEC-01', { hostIPC: true })).toEqual(['hostIPCSet']);
    expect(tripped('SEC-01', { hostNetwork: 'true' })).toEqual([]);
  });

  test('privileged containers, host ports and escalation', () => {
    expect(tripped('SEC-02', container({ privileged: true }))).toEqual(['runAsPrivileged']);
    expect(tripped('SEC-02', container({ privileged: false }))).toEqual([]);
    expect(tripped('SEC-02', {})).toEqual([]);
    expect(tripped('SEC-06', container(undefined, { ports: [{ containerPort: 53, hostPort: 53 }] }))).toEqual(['hostPortSet']);
    expect(tripped('SEC-06', container(undefined, { ports: [{ containerPort: 53 }] }))).toEqual([]);
    expect(tripped('SEC-06', container())).toEqual([]);
    expect(tripped('SEC-07', container({ allowPrivilegeEscalation: true }))).toEqual(['privilegeEscalationAllowed']);
    expect(tripped('SEC-07', container())).toEqual(['privilegeEscalationAllowed']);
    expect(tripped('SEC-07', container({ allowPrivilegeEscalation: false }))).toEqual([]);
    expect(tripped('SEC-07', { initContainers: [{ name: 'i' }], ...container(safe) })).toEqual(['privilegeEscalationAllowed']);
  });

  test('capabilities: dangerous, other, NET_RAW, any and SYS_ADMIN, each as the tools count them', () => {
    const adding = (...add: string[]) => container({ capabilities: { add } });
    expect(tripped('SEC-03', adding('SYS_ADMIN'))).toEqual(['dangerousCapabilities', 'CKV_K8S_25', 'CKV_K8S_37', 'CKV_K8S_39']);
    expect(tripped('SEC-03', adding('NET_ADMIN'))).toEqual(['dangerousCapabilities', 'CKV_K8S_25', 'CKV_K8S_37']);
    expect(tripped('SEC-03', adding('ALL'))).toEqual(['dangerousCapabilities', 'CKV_K8S_25', 'CKV_K8S_37']);
    expect(tripped('SEC-03', adding('NET_RAW'))).toEqual(['insecureCapabilities', 'drop-net-raw-capability', 'CKV_K8S_25', 'CKV_K8S_37']);
    expect(tripped('SEC-03', adding())).toEqual([]);
    expect(tripped('SEC-03', container({ capabilities: { drop: ['ALL'] } }))).toEqual([]);
    expect(tripped('SEC-03', container())).toEqual([]);
  });

  test('root: a container may run as root unless it or its pod says runAsNonRoot true', () => {
    expect(tripped('SEC-08', container())).toEqual(['runAsRootAllowed']);
    expect(tripped('SEC-08', container({ runAsNonRoot: false }))).toEqual(['runAsRootAllowed']);
    expect(tripped('SEC-08', container({ runAsNonRoot: true }))).toEqual([]);
    expect(tripped('SEC-08', { securityContext: { runAsNonRoot: true }, ...container() })).toEqual([]);
    expect(tripped('SEC-08', { securityContext: { runAsNonRoot: true }, ...container({ runAsNonRoot: false }) })).toEqual(['runAsRootAllowed']);
    expect(tripped('SEC-08', {})).toEqual([]);
  });

  test('user IDs below 10000, the container’s over the pod’s, none counting as root', () => {
    expect(tripped('SEC-09', container())).toEqual(['CKV_K8S_40']);
    expect(tripped('SEC-09', container({ runAsUser: 9999 }))).toEqual(['CKV_K8S_40']);
    expect(tripped('SEC-09', container({ runAsUser: 10000 }))).toEqual([]);
    expect(tripped('SEC-09', { securityContext: { runAsUser: 10001 }, ...container() })).toEqual([]);
    expect(tripped('SEC-09', { securityContext: { runAsUser: 10001 }, ...container({ runAsUser: 0 }) })).toEqual(['CKV_K8S_40']);
  });

  test('tokens and writable roots', () => {
    expect(tripped('SEC-22', {})).toEqual(['automountServiceAccountToken']);
    expect(tripped('SEC-22', { automountServiceAccountToken: true })).toEqual(['automountServiceAccountToken']);
    expect(tripped('SEC-22', { automountServiceAccountToken: false })).toEqual([]);
    expect(tripped('SEC-15', container())).toEqual(['notReadOnlyRootFilesystem']);
    expect(tripped('SEC-15', container({ readOnlyRootFilesystem: false }))).toEqual(['notReadOnlyRootFilesystem']);
    expect(tripped('SEC-15', container({ readOnlyRootFilesystem: true }))).toEqual([]);
  });

  test('each check names the tools that have it', () => {
    const names = (rule: string) => AUDITOR_CHECKS[rule].map((c) => [c.polaris, c.kubeLinter, c.checkov]);
    expect(names('SEC-01')).toEqual([
      ['hostNetworkSet', 'host-network', 'CKV_K8S_19'],
      ['hostPIDSet', 'host-pid', 'CKV_K8S_17'],
      ['hostIPCSet', 'host-ipc', 'CKV_K8S_18'],
    ]);
    expect([
      ...names('SEC-02'),
      ...names('SEC-06'),
      ...names('SEC-07'),
      ...names('SEC-08'),
      ...names('SEC-09'),
      ...names('SEC-22'),
      ...names('SEC-15'),
    ]).toEqual([
      ['runAsPrivileged', 'privileged-container', 'CKV_K8S_16'],
      ['hostPortSet', undefined, 'CKV_K8S_26'],
      ['privilegeEscalationAllowed', 'privilege-escalation-container', 'CKV_K8S_20'],
      ['runAsRootAllowed', 'run-as-non-root', 'CKV_K8S_23'],
      [undefined, undefined, 'CKV_K8S_40'],
      ['automountServiceAccountToken', undefined, 'CKV_K8S_38'],
      ['notReadOnlyRootFilesystem', 'no-read-only-root-fs', 'CKV_K8S_22'],
    ]);
    expect(names('SEC-03')).toEqual([
      ['dangerousCapabilities', undefined, undefined],
      ['insecureCapabilities', undefined, undefined],
      [undefined, 'drop-net-raw-capability', 'CKV_K8S_28'],
      [undefined, undefined, 'CKV_K8S_25'],
      [undefined, undefined, 'CKV_K8S_37'],
      [undefined, undefined, 'CKV_K8S_39'],
    ]);
  });

  test('exemptions land on the objects they name, after the Checkov skips already there; other objects and Terraform resources are left alone', () => {
    const gateway = kubeObject('apps/v1', 'Deployment', 'vpn', 'vpn', {
      metadata: { annotations: { 'checkov.io/skip1': 'CKV_K8S_19=set by hand', keep: 'me' } },
      spec: { template: { spec: { hostNetwork: true, ...container({ capabilities: { add: ['NET_ADMIN'] } }) } } },
    });
    const config = kubeObject('v1', 'ConfigMap', 'vpn', 'vpn');
    const other = kubeObject('apps/v1', 'Deployment', 'other', 'vpn', { spec: { template: { spec: { hostNetwork: true, ...container() } } } });
    const objects: KubeObject[] = [gateway, config, other];
    annotateExemptions(objects, [
      { rule: 'SEC-01', object: 'Deployment/vpn/vpn', reason: 'wg0' },
      { rule: 'SEC-03', object: 'Deployment/vpn/vpn', reason: 'routes' },
      { rule: 'SEC-37', object: 'ConfigMap/vpn/vpn', reason: 'plain' },
      { rule: 'SEC-01', object: 'Deployment/vpn/ghost', reason: 'gone' },
      { rule: 'REL-07', object: 'cluster:kubernetes_namespace_v1.vpn', reason: 'terraform' },
    ]);
    expect(gateway.metadata.annotations).toEqual({
      'checkov.io/skip1': 'CKV_K8S_19=set by hand',
      keep: 'me',
      'mlops-platform.io/exempt-SEC-01': 'wg0',
      'polaris.fairwinds.com/hostNetworkSet-exempt': 'true',
      'ignore-check.kube-linter.io/host-network': 'wg0',
      'mlops-platform.io/exempt-SEC-03': 'routes',
      'polaris.fairwinds.com/dangerousCapabilities-exempt': 'true',
      'checkov.io/skip2': 'CKV_K8S_25=routes',
      'checkov.io/skip3': 'CKV_K8S_37=routes',
    });
    expect(config.metadata.annotations).toEqual({ 'mlops-platform.io/exempt-SEC-37': 'plain' });
    expect(other.metadata.annotations).toBeUndefined();
  });
});
