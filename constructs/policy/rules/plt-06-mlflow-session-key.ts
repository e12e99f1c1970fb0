import { type Guardrail, objectRef, type Violation } from '../guardrail';
import { containersOf, podTemplates } from '../inspect';

const KEY = 'MLFLOW_FLASK_SERVER_SECRET_KEY';

/** The `--workers` count of an `mlflow server` command line (MLflow's default is 4). */
function workers(script: string): number {
  const match = /--workers[ =](\d+)/.exec(script);
  return match ? Number(match[1]) : 4;
}

/**
 * PLT-06: an MLflow server with basic-auth runs as several processes
 * (replicas x gunicorn workers); each signs sessions and CSRF tokens with the
 * Flask secret key, so they must share one, read from a Secret: from a
 * `secretKeyRef`, or exported from a file of a mounted Secret volume.
 */
export const plt06MlflowSessionKey: Guardrail = {
  id: 'PLT-06',
  level: 'error',
  title: `An MLflow server with basic-auth in more than one process shares one ${KEY} from a Secret`,
  fix: `Mount a Secret with the key and export ${KEY} from it before \`mlflow server\` (MlflowServer does, from mlflow.auth.secretKeySecret).`,
  check({ objects }) {
    const out: Violation[] = [];
    for (const { owner, spec, replicas } of podTemplates(objects)) {
      const secretMounts = (container: Record<string, any>) => {
        const secretVolumes = new Set((spec.volumes ?? []).filter((v: any) => v.secret).map((v: any) => v.name));
        return (container.volumeMounts ?? []).filter((m: any) => secretVolumes.has(m.name)).map((m: any) => `${m.mountPath.replace(/\/$/, '')}/`);
      };
      for (const container of containersOf(spec)) {
        const script = [...(container.command ?? []), ...(container.args ?? [])].join(' ');
        if (!/\bmlflow server\b/.test(script) || !/--app-name[ =]basic-auth/.test(script)) continue;
        if (replicas * workers(script) <= 1) continue;
        const fromEnv = (container.env ?? []).some((e: any) => e.name === KEY && e.valueFrom?.secretKeyRef);
        const file = new RegExp(`${KEY}="?\\$\\(cat ([^)"\\s]+)\\)`).exec(script)?.[1];
        const fromFile = !!file && secretMounts(container).some((mount: string) => file.startsWith(mount));
        if (!fromEnv && !fromFile) {
          out.push({
            object: objectRef(owner),
            message: `container ${container.name} runs MLflow basic-auth in ${replicas * workers(script)} processes without a shared ${KEY} from a Secret`,
          });
        }
      }
    }
    return out;
  },
};
