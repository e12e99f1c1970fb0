import { type Guardrail, objectRef, ofKind } from '../guardrail';

/** SEC-48d: the object store encrypts objects at rest with a KMS key and serves TLS. */
export const sec48dObjectStoreEncryption: Guardrail = {
  id: 'SEC-48d',
  level: 'error',
  title: 'Every MinIO Tenant has a KMS key for server-side encryption and TLS from cert-manager (no auto-generated certificate)',
  fix: 'Create the object store through MinioObjectStore with objectStore.kmsSecret set.',
  check({ objects }) {
    return ofKind(objects, 'Tenant')
      .filter((o) => o.apiVersion.startsWith('minio.min.io/'))
      .flatMap((tenant) => {
        const env: { name: string }[] = tenant.spec?.env ?? [];
        const problems = [
          ...(env.some((e) => /^MINIO_KMS_(SECRET_KEY|SECRET_KEY_FILE|KES_ENDPOINT)$/.test(e.name)) || tenant.spec?.kes
            ? []
            : ['has no KMS key (objects would be stored unencrypted)']),
          ...((tenant.spec?.externalCertSecret ?? []).length && tenant.spec?.requestAutoCert === false ? [] : ['does not serve a cert-manager certificate']),
        ];
        return problems.map((message) => ({ object: objectRef(tenant), message }));
      });
  },
};
