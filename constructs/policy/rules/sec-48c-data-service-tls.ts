import { type Guardrail, objectRef, type Violation, ofKind } from '../guardrail';
import { containersOf, podTemplates } from '../inspect';

/** Text a container is started with: command, arguments and literal environment values. */
function startupText(container: any): { where: string; text: string }[] {
  return [
    ...[...(container.command ?? []), ...(container.args ?? [])].map((text: string) => ({ where: 'its command', text })),
    ...(container.env ?? []).filter((e: any) => typeof e.value === 'string').map((e: any) => ({ where: e.name, text: e.value })),
  ];
}

/** An S3 endpoint named in plain HTTP: an endpoint variable's value or an `mc alias set` line. */
const PLAIN_S3 = /(mc alias set \S+ http:\/\/)/;
const S3_VARIABLE = /(S3|ENDPOINT|MINIO)/;
/** A PostgreSQL connection set up in the command or environment. */
const POSTGRES = /(postgres(ql)?:\/\/|--backend-store-uri|sslmode=)/;

/**
 * SEC-48c: the data services speak TLS inside the cluster too: the MinIO
 * Tenant serves HTTPS with a certificate from cert-manager, CloudNativePG
 * uses cert-manager's server certificate and backs up over HTTPS, and every
 * client reaches S3 over HTTPS and PostgreSQL with `sslmode=verify-full`.
 */
export const sec48cDataServiceTls: Guardrail = {
  id: 'SEC-48c',
  level: 'error',
  title: 'Object store and PostgreSQL serve TLS from the internal CA; clients use HTTPS and sslmode=verify-full',
  fix: 'Give the Tenant externalCertSecret and the Cluster certificates from ServiceCertificate; point clients at https:// and add sslmode=verify-full with sslrootcert to connection strings.',
  check({ objects }) {
    const out: Violation[] = [];
    for (const tenant of ofKind(objects, 'Tenant').filter((o) => o.apiVersion.startsWith('minio.min.io/'))) {
      if (!tenant.spec?.externalCertSecret?.length && tenant.spec?.requestAutoCert !== true)
        out.push({ object: objectRef(tenant), message: 'serves S3 over plain HTTP (no certificate)' });
    }
    for (const cluster of ofKind(objects, 'Cluster').filter((o) => o.apiVersion.startsWith('postgresql.cnpg.io/'))) {
      const certificates = cluster.spec?.certificates ?? {};
      if (!certificates.serverTLSSecret || !certificates.serverCASecret)
        out.push({ object: objectRef(cluster), message: 'serves with the operator’s self-signed certificate, not one of the internal CA' });
      const endpoint: string | undefined = cluster.spec?.backup?.barmanObjectStore?.endpointURL;
      if (endpoint?.startsWith('http://')) out.push({ object: objectRef(cluster), message: `backs up to ${endpoint} over plain HTTP` });
    }
    for (const { owner, spec } of podTemplates(objects)) {
      for (const container of containersOf(spec)) {
        for (const { where, text } of startupText(container)) {
          if (PLAIN_S3.test(text) || (S3_VARIABLE.test(where) && text.startsWith('http://'))) {
            out.push({ object: objectRef(owner), message: `container ${container.name} reaches the object store over plain HTTP (${where})` });
          }
          if (POSTGRES.test(text) && !text.includes('sslmode=verify-full')) {
            out.push({ object: objectRef(owner), message: `container ${container.name} connects to PostgreSQL without sslmode=verify-full (${where})` });
          }
        }
      }
    }
    return out;
  },
};
