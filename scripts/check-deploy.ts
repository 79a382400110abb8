/**
 * `pnpm deploy:check`: the deployment files hold together. Each Kustomize overlay under deploy/k8s
 * is rendered by kubectl's own Kustomize (`kubectl kustomize`, never a renderer of ours) and every
 * object is validated against the Kubernetes and KEDA schemas (kubernetes-models,
 * @kubernetes-models/keda). Then, for the manifests and deploy/compose.yaml alike:
 * - every variable set for a container is one its role reads (a typo is caught here, not in a pod);
 *   PgBouncer's containers (image docvault-pgbouncer) against what deploy/pgbouncer/entrypoint.sh reads;
 * - what the apps cannot start without is set (DATABASE_URL; AUTH_SECRET for the web app);
 * - every variable the apps read is set somewhere or documented in the README's configuration table;
 * - KEDA's triggers name the keys and rows of the queues the workers take (prefix and queue names).
 * Exit 1 with one line per problem.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1";
import { Deployment } from "kubernetes-models/apps/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { Job } from "kubernetes-models/batch/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ConfigMap, Service } from "kubernetes-models/v1";
import { parseAllDocuments, parse as parseYaml } from "yaml";
import { EXTRACT_QUEUE, MISTRAL_QUEUE } from "../packages/core/src/index";
import { WEB_ENV_NAMES } from "../apps/web/src/env";
import { WORKER_ENV_NAMES } from "../apps/worker/src/env";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

type TObject = { apiVersion: string; kind: string; metadata: { name: string }; [key: string]: unknown };
type TModel = { validate(): void };
const MODELS: Record<string, (o: TObject) => TModel> = {
  "v1/ConfigMap": (o) => new ConfigMap(o as never),
  "v1/Service": (o) => new Service(o as never),
  "apps/v1/Deployment": (o) => new Deployment(o as never),
  "batch/v1/Job": (o) => new Job(o as never),
  "autoscaling/v2/HorizontalPodAutoscaler": (o) => new HorizontalPodAutoscaler(o as never),
  "policy/v1/PodDisruptionBudget": (o) => new PodDisruptionBudget(o as never),
  "keda.sh/v1alpha1/ScaledObject": (o) => new ScaledObject(o as never),
};

/** What PgBouncer's entrypoint reads: every ${NAME} it expands, and those it cannot start without (${NAME:?...}). */
const pgbouncerScript = readFileSync(join(ROOT, "deploy/pgbouncer/entrypoint.sh"), "utf8");
const PGBOUNCER_READS = new Set([...pgbouncerScript.matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1] ?? ""));
const PGBOUNCER_REQUIRED = [...pgbouncerScript.matchAll(/\$\{([A-Z_]+):\?/g)].map((m) => m[1] ?? "");

/**
 * The image's roles (deploy/docker/entrypoint.sh) and what each reads; PORT and NODE_ENV are the
 * entrypoint's and Node's; `pgbouncer` is the PgBouncer image's one role.
 */
const READS: Record<string, ReadonlySet<string>> = {
  web: new Set([...WEB_ENV_NAMES, "PORT", "NODE_ENV"]),
  worker: new Set([...WORKER_ENV_NAMES, "NODE_ENV"]),
  migrate: new Set(["DATABASE_URL", "DATABASE_DIRECT_URL"]),
  pgbouncer: PGBOUNCER_READS,
};
const REQUIRED: Record<string, string[]> = {
  web: ["DATABASE_URL", "AUTH_SECRET"],
  worker: ["DATABASE_URL"],
  migrate: ["DATABASE_URL"],
  pgbouncer: PGBOUNCER_REQUIRED,
};

/** The role a container runs: the PgBouncer image's, or the app image's command; undefined for another image. */
function roleOf(image: string | undefined, command: string[] | undefined): string | undefined | null {
  const name = image?.split(":")[0];
  if (name === "docvault-pgbouncer") return "pgbouncer";
  if (name === "docvault") return command?.[0];
  return null;
}

const problems: string[] = [];
/** Every variable set for some container, over all the files checked. */
const setAnywhere = new Set<string>();

/** One container's variables against its role: none it does not read, none it needs missing. */
function checkContainer(where: string, role: string | undefined, names: string[]): void {
  const reads = role ? READS[role] : undefined;
  if (!role || !reads) {
    problems.push(`${where}: runs "${role ?? "(no command)"}", not a role of the image (web, worker, migrate, or PgBouncer's image)`);
    return;
  }
  for (const name of names) {
    if (role !== "pgbouncer") setAnywhere.add(name);
    if (!reads.has(name)) problems.push(`${where}: sets ${name}, which the ${role} does not read (a typo, or a variable of another role?)`);
  }
  for (const name of REQUIRED[role] ?? []) if (!names.includes(name)) problems.push(`${where}: does not set ${name}, which the ${role} cannot start without`);
}

function checkManifests(overlay: string): void {
  const rendered = spawnSync("kubectl", ["kustomize", join(ROOT, "deploy/k8s/overlays", overlay)], { encoding: "utf8" });
  if (rendered.error || rendered.status !== 0) {
    problems.push(
      `${overlay}: kubectl kustomize failed: ${rendered.error?.message ?? rendered.stderr.trim()}${rendered.error ? " (install kubectl: apt-get install kubectl)" : ""}`,
    );
    return;
  }
  const objects = parseAllDocuments(rendered.stdout).map((doc) => doc.toJS() as TObject);
  const configMaps = new Map(objects.filter((o) => o.kind === "ConfigMap").map((o) => [o.metadata.name, Object.keys((o.data as object | undefined) ?? {})]));
  const deployments = new Set(objects.filter((o) => o.kind === "Deployment").map((o) => o.metadata.name));
  const queuePrefix = (objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === "docvault-config")?.data as Record<string, string> | undefined)
    ?.QUEUE_PREFIX;
  for (const object of objects) {
    const where = `${overlay}: ${object.kind} ${object.metadata.name}`;
    const model = MODELS[`${object.apiVersion}/${object.kind}`];
    if (!model) {
      problems.push(`${where}: ${object.apiVersion} ${object.kind} has no schema here; add it to MODELS`);
      continue;
    }
    try {
      model(object).validate();
    } catch (error) {
      problems.push(`${where}: not valid against its schema: ${error instanceof Error ? error.message : String(error)}`);
    }
    const spec = object.spec as { template?: { spec?: { containers?: TContainer[] } }; jobTemplate?: unknown } | undefined;
    for (const container of spec?.template?.spec?.containers ?? []) {
      const names = [
        ...(container.env ?? []).map((e) => e.name),
        ...(container.envFrom ?? []).flatMap((from) => {
          const name = from.configMapRef?.name;
          if (name && !configMaps.has(name)) problems.push(`${where}: envFrom names ConfigMap ${name}, which is not in the manifests`);
          return name ? (configMaps.get(name) ?? []) : [];
        }),
      ];
      const role = roleOf(container.image, container.args);
      if (role === null)
        problems.push(`${where}, container ${container.name}: image ${container.image ?? "(none)"} is neither docvault nor docvault-pgbouncer`);
      else checkContainer(`${where}, container ${container.name}`, role, names);
    }
    if (object.kind === "ScaledObject") checkScaledObject(where, object, deployments, queuePrefix);
  }
}

type TContainer = { name: string; image?: string; args?: string[]; env?: { name: string }[]; envFrom?: { configMapRef?: { name: string } }[] };

/** The triggers count the queue the scaled Deployment's lane takes, under the prefix the apps use. */
function checkScaledObject(where: string, object: TObject, deployments: Set<string>, queuePrefix: string | undefined): void {
  const spec = object.spec as { scaleTargetRef: { name: string }; triggers: { type: string; metadata: Record<string, string> }[] };
  if (!deployments.has(spec.scaleTargetRef.name)) problems.push(`${where}: scales ${spec.scaleTargetRef.name}, which is not a Deployment here`);
  const queue = spec.scaleTargetRef.name.endsWith("mistral") ? MISTRAL_QUEUE : EXTRACT_QUEUE;
  for (const trigger of spec.triggers) {
    if (trigger.type === "redis") {
      const expected = [`${queuePrefix}:${queue}:wait`, `${queuePrefix}:${queue}:prioritized`];
      if (!expected.includes(trigger.metadata.listName ?? "")) {
        problems.push(`${where}: a redis trigger counts ${trigger.metadata.listName}, not one of ${expected.join(", ")}`);
      }
    } else if (trigger.type === "postgresql") {
      if (!(trigger.metadata.query ?? "").includes(`queue = '${queue}'`))
        problems.push(`${where}: the postgresql trigger's query does not count queue ${queue}`);
    } else {
      problems.push(`${where}: a ${trigger.type} trigger, where the queues are in Redis or PostgreSQL`);
    }
  }
}

function checkCompose(): void {
  const compose = parseYaml(readFileSync(join(ROOT, "deploy/compose.yaml"), "utf8"), { merge: true }) as {
    services: Record<string, { image?: string; command?: string[]; environment?: Record<string, unknown> }>;
  };
  for (const [name, service] of Object.entries(compose.services)) {
    const role = roleOf(service.image, service.command);
    if (role === null) continue;
    checkContainer(`compose: service ${name}`, role, Object.keys(service.environment ?? {}));
  }
}

/** Variables the README's configuration table documents: every `NAME` in the first cell of a row. */
function documented(): Set<string> {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const firstCells = [...readme.matchAll(/^\|([^|\n]*)\|/gm)].map((m) => m[1] ?? "");
  return new Set(firstCells.flatMap((cell) => [...cell.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1] ?? "")));
}

const overlays = readdirSync(join(ROOT, "deploy/k8s/overlays"));
for (const overlay of overlays) checkManifests(overlay);
checkCompose();
const inReadme = documented();
for (const name of new Set([...WEB_ENV_NAMES, ...WORKER_ENV_NAMES])) {
  if (!setAnywhere.has(name) && !inReadme.has(name)) problems.push(`${name}: read by the apps, set in no manifest and not in the README's configuration table`);
}

if (problems.length) {
  console.error(`deploy check: ${problems.length} problem(s)\n${problems.map((p) => `- ${p}`).join("\n")}`);
  process.exit(1);
}
console.log(`deploy check: ${overlays.length} overlays rendered and valid (${overlays.join(", ")}), compose and manifests set only what the apps read.`);
