/**
 * The MLflow releases the platform can run: workspaces arrived in 3.10, and
 * the Kubernetes workspace provider and authorization plugin the image
 * carries (mlflow-kubernetes-plugins 1.2.1) is tested on 3.10, 3.11 and 3.12
 * (its CI matrix at v1.2.1, .github/workflows/tests.yml); a newer MLflow
 * adds API routes the plugin refuses to start without rules for.
 */
const MLFLOW_WORKSPACE_RELEASES = { first: [3, 10], last: [3, 12] } as const;

/** Why MLflow `version` cannot serve the platform's workspaces, or `undefined` when it can. */
export function mlflowReleaseProblem(version: string): string | undefined {
  const match = /^(\d+)\.(\d+)\.\d+$/.exec(version);
  if (!match) return 'must be a release such as "3.12.0"';
  const minor = Number(match[1]) * 1000 + Number(match[2]);
  const [first, last] = [MLFLOW_WORKSPACE_RELEASES.first, MLFLOW_WORKSPACE_RELEASES.last].map(([major, min]) => major * 1000 + min);
  if (minor < first) return 'has no workspaces (MLflow 3.10 and later), which give each tenant namespace its own experiments and models';
  if (minor > last) return 'is newer than the Kubernetes authorization plugin the image carries supports (MLflow 3.10 to 3.12)';
  return undefined;
}
