import { KUBE_API_EGRESS, KUBE_DNS_EGRESS, namespacePeer, policyPorts } from '../../constructs/lib/network-policy';

/** A rule as it is written into a manifest (IntOrString values resolved). */
const written = (value: unknown) =>
  JSON.parse(JSON.stringify(value, (_, v) => (v && typeof v === 'object' && 'value' in v && Object.keys(v).length === 1 ? v.value : v)));

describe('NetworkPolicy building blocks', () => {
  test('a peer selects its namespace by the immutable name label, and its pods only when given', () => {
    expect(namespacePeer('mlflow')).toEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'mlflow' } } });
    const labels = { app: 'mlflow' };
    const peer = namespacePeer('mlflow', labels);
    expect(peer).toEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'mlflow' } }, podSelector: { matchLabels: { app: 'mlflow' } } });
    expect(peer.podSelector?.matchLabels).not.toBe(labels);
  });

  test('ports are TCP unless said', () => {
    expect(written(policyPorts([{ port: 5000 }, { port: 53, protocol: 'UDP' }]))).toEqual([
      { protocol: 'TCP', port: 5000 },
      { protocol: 'UDP', port: 53 },
    ]);
    expect(policyPorts([])).toEqual([]);
  });

  test('DNS is kube-dns in kube-system on 53 over UDP and TCP; the API its two ports to any address', () => {
    expect(written(KUBE_DNS_EGRESS)).toEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      ports: [
        { protocol: 'UDP', port: 53 },
        { protocol: 'TCP', port: 53 },
      ],
    });
    expect(written(KUBE_API_EGRESS)).toEqual({
      ports: [
        { protocol: 'TCP', port: 443 },
        { protocol: 'TCP', port: 6443 },
      ],
    });
  });
});
