package dev.pulldoctor.diagnose;

import static java.time.temporal.ChronoUnit.DAYS;

import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.RepositoryRef;
import dev.pulldoctor.domain.RootCause;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one home of what Pull Doctor tells people: per root cause, the summary, the fix in words, the
 * exact commands with real names filled in, the equivalent Terraform, and how to make the pod
 * retry. Tested with exact strings.
 *
 * @param summary one paragraph: what is wrong, with names
 * @param fix what to do, in words
 * @param commands the exact {@code gcloud} commands, in order
 * @param terraform the equivalent Terraform resource; empty when the fix is not a resource
 * @param retry the {@code kubectl} command that makes the pod pull again; empty when unknown
 * @param automatic true when remediation may apply the fix (a repository grant)
 */
public record Advice(
    String summary,
    String fix,
    List<String> commands,
    String terraform,
    String retry,
    boolean automatic) {

  public static final String READER_ROLE = "roles/artifactregistry.reader";

  // A Deployment's pods are named DEPLOYMENT-<pod-template-hash>-<5 chars>.
  private static final Pattern DEPLOYMENT_POD = Pattern.compile("(.+)-[a-z0-9]{6,10}-[a-z0-9]{5}");

  public Advice {
    commands = List.copyOf(commands);
  }

  /**
   * The advice for {@code cause}; {@code namespace} and {@code pod} name the failing pod, and
   * {@code selfAccount} is Pull Doctor's own account when known (for INSPECTION_DENIED).
   */
  public static Advice of(
      RootCause cause, Evidence e, String namespace, String pod, String selfAccount) {
    String retry = retry(namespace, pod);
    String account = e.nodeServiceAccount();
    RepositoryRef repo = e.repository();
    ClusterRef cluster = e.cluster();
    String pool = e.nodePool();
    return switch (cause) {
      case NODE_SA_MISSING_READER ->
          grant(
              e,
              retry,
              String.format(
                  "Node pool %s of cluster %s runs as %s, which holds no role with %s on repository"
                      + " %s or its project, so kubelet's pulls are refused with 403.",
                  pool, cluster.name(), account, RoleCatalog.DOWNLOAD, repo));
      case CROSS_PROJECT_GRANT_MISSING ->
          grant(
              e,
              retry,
              String.format(
                  "Node pool %s of cluster %s (project %s) runs as %s, which holds no role with %s"
                      + " on repository %s in project %s: a grant in the cluster's project does not"
                      + " reach another project's repository.",
                  pool,
                  cluster.name(),
                  cluster.project(),
                  account,
                  RoleCatalog.DOWNLOAD,
                  repo,
                  repo.project()));
      case GRANT_ON_OTHER_ACCOUNT -> {
        String other =
            Bindings.pullBindingForOtherNodeAccount(e, RoleCatalog.predefined())
                .map(b -> b.role() + " is bound on " + b.on() + " to " + otherMembers(e, b))
                .orElse("a reading role is bound to another node account");
        yield grant(
            e,
            retry,
            String.format(
                "Node pool %s of cluster %s runs as %s, but %s — not to the account this pool uses,"
                    + " so its pulls from %s are refused.",
                pool, cluster.name(), account, other, repo));
      }
      case LEGACY_GCR_PERMISSIONS ->
          grant(
              e,
              retry,
              String.format(
                  "Node pool %s of cluster %s runs as %s, which holds only Container Registry-era"
                      + " storage roles (%s); Artifact Registry, which now serves %s, needs an"
                      + " Artifact Registry role.",
                  pool, cluster.name(), account, legacyRoles(e), e.image().host()));
      case DENY_POLICY -> denyPolicy(e, account, repo, retry);
      case MISSING_OAUTH_SCOPES ->
          new Advice(
              String.format(
                  "IAM lets %s pull from %s, but node pool %s was created with access scopes (%s)"
                      + " that hold neither cloud-platform nor a devstorage scope, so the node's"
                      + " token cannot read the registry.",
                  account, repo, pool, String.join(", ", e.oauthScopes())),
              "Access scopes cannot change on existing nodes: create a new node pool with the"
                  + " cloud-platform scope, move the workloads, then delete the old pool.",
              List.of(
                  String.format(
                      "gcloud container node-pools create %s-v2 --cluster %s"
                          + " --location %s --project %s --service-account=%s"
                          + " --scopes=https://www.googleapis.com/auth/cloud-platform",
                      pool, cluster.name(), cluster.location(), cluster.project(), account)),
              "",
              retry,
              false);
      case NODE_SA_DISABLED ->
          new Advice(
              String.format(
                  "Node pool %s of cluster %s runs as %s, which is disabled: it can get no token.",
                  pool, cluster.name(), account),
              "Enable the account if disabling it was a mistake; otherwise run the pool as another"
                  + " account (a new node pool).",
              List.of(
                  String.format(
                      "gcloud iam service-accounts enable %s --project %s",
                      account, projectOf(account, cluster))),
              "",
              retry,
              false);
      case NODE_SA_NOT_FOUND ->
          new Advice(
              String.format(
                  "Node pool %s of cluster %s runs as %s, which does not exist (deleted?).",
                  pool, cluster.name(), account),
              "A deleted account can be restored within 30 days by its unique id; otherwise create"
                  + " a new node pool that runs as an existing account with the reader role.",
              List.of(
                  "gcloud iam service-accounts undelete ACCOUNT_UNIQUE_ID",
                  String.format(
                      "gcloud container node-pools create %s-v2 --cluster %s --location %s"
                          + " --project %s --service-account=EXISTING_ACCOUNT_EMAIL",
                      pool, cluster.name(), cluster.location(), cluster.project())),
              "",
              retry,
              false);
      case REPOSITORY_NOT_FOUND ->
          new Advice(
              String.format(
                  "The image %s names repository %s, which does not exist.", e.image().raw(), repo),
              "Fix the image reference, or create the repository and push the image.",
              List.of(
                  String.format("gcloud artifacts repositories list --project %s", repo.project())),
              "",
              retry,
              false);
      case REPOSITORY_IN_OTHER_LOCATION -> {
        RepositoryRef there = e.sameNameElsewhere().get(0);
        yield new Advice(
            String.format(
                "The image %s names location %s, but repository %s of project %s lives in %s.",
                e.image().raw(), repo.location(), repo.name(), repo.project(), there.location()),
            "Fix the image reference to use " + there.location() + "-docker.pkg.dev.",
            List.of(
                String.format(
                    "gcloud artifacts docker images list %s-docker.pkg.dev/%s/%s",
                    there.location(), there.project(), there.name())),
            "",
            retry,
            false);
      }
      case IMAGE_NOT_FOUND ->
          new Advice(
              String.format(
                  "Repository %s exists and %s may read it, but %s has no %s %s.",
                  repo,
                  account,
                  e.image().image(),
                  e.image().digest() != null ? "digest" : "tag",
                  e.image().version()),
              "Push the image, or fix the tag or digest in the pod spec.",
              List.of(
                  String.format(
                      "gcloud artifacts docker tags list %s-docker.pkg.dev/%s/%s/%s",
                      repo.location(), repo.project(), repo.name(), e.image().image())),
              "",
              retry,
              false);
      case API_DISABLED ->
          new Advice(
              String.format(
                  "The Artifact Registry API is disabled in project %s, which holds %s.",
                  repo.project(), repo),
              "Enable the API in the repository's project.",
              List.of(
                  String.format(
                      "gcloud services enable artifactregistry.googleapis.com --project %s",
                      repo.project())),
              "",
              retry,
              false);
      case VPC_SERVICE_CONTROLS ->
          new Advice(
              String.format(
                  "A VPC Service Controls perimeter refused the pull of %s from cluster %s.",
                  e.image() == null ? "the image" : e.image().raw(), cluster),
              "Put the cluster's and the repository's projects in the same perimeter, or add an"
                  + " ingress rule for the node account to artifactregistry.googleapis.com.",
              List.of("gcloud access-context-manager perimeters list --format=yaml"),
              "",
              retry,
              false);
      case ACCESS_NOW_GRANTED ->
          new Advice(
              String.format(
                  "%s may pull from %s now: the grant was added meanwhile or IAM had not propagated"
                      + " yet.",
                  account, repo),
              "Nothing to do; kubelet's next retry pulls the image.",
              List.of(),
              "",
              retry,
              false);
      case INSPECTION_DENIED -> inspectionDenied(e, selfAccount, retry);
      case CONDITION_NOT_MET -> conditionNotMet(e, retry);
      case NODE_POOL_NOT_FOUND ->
          new Advice(
              String.format(
                  "%s, so its pods are never scheduled and never pull (%s).",
                  pool == null
                      ? "No node pool of cluster " + cluster + " matches the pod's placement"
                      : "Cluster " + cluster + " has no node pool " + pool,
                  e.poolResolution()),
              "Name an existing node pool in the nodeSelector or node affinity, or create the"
                  + " pool.",
              List.of(
                  String.format(
                      "gcloud container node-pools list --cluster %s --location %s --project %s",
                      cluster.name(), cluster.location(), cluster.project())),
              "",
              "",
              false);
      case UNDETERMINED ->
          new Advice(
              undeterminedSummary(e),
              "Read the evidence; run 'pull-doctor diagnose' with --method troubleshooter or policy"
                  + " for another view.",
              List.of(),
              "",
              retry,
              false);
    };
  }

  /** Where the deny is attached decides whom to ask and which policies to list. */
  private static Advice denyPolicy(Evidence e, String account, RepositoryRef repo, String retry) {
    List<String> attachments =
        e.denyAttachedTo().isEmpty() ? List.of("projects/" + repo.project()) : e.denyAttachedTo();
    List<String> commands = new ArrayList<>();
    for (String a : attachments) {
      commands.add(
          String.format(
              "gcloud iam policies list --attachment-point=cloudresourcemanager.googleapis.com/%s"
                  + " --kind=denypolicies --format=json",
              a));
    }
    String where =
        e.denyAttachedTo().isEmpty()
            ? ""
            : ", attached to "
                + String.join(" and ", e.denyAttachedTo().stream().map(Levels::describe).toList())
                + ",";
    return new Advice(
        String.format(
            "%s is allowed to pull from %s by an allow binding, but an IAM deny policy%s blocks"
                + " %s%s.",
            account,
            repo,
            where,
            RoleCatalog.DOWNLOAD,
            e.denyingRules().isEmpty() ? "" : " (" + String.join("; ", e.denyingRules()) + ")"),
        "A repository grant cannot override a deny policy. Ask the owner of the deny policy"
            + (e.denyAttachedTo().isEmpty()
                ? ""
                : " on " + Levels.describe(e.denyAttachedTo().get(0)))
            + " to add the node account as an exception principal, or run the pool as an"
            + " account the policy does not deny.",
        commands,
        "",
        retry,
        false);
  }

  /**
   * The grant is there but its condition does not hold: renew or correct the condition, never add
   * an unconditional grant over it. A pure time bound is renewed for 90 days from now; any other
   * condition is replaced by one naming this repository.
   */
  private static Advice conditionNotMet(Evidence e, String retry) {
    RepositoryRef repo = e.repository();
    List<Bindings.Judged> failing =
        Bindings.conditionalPullBindingsFor(e, e.nodeMember(), RoleCatalog.predefined());
    Bindings.Judged first = failing.isEmpty() ? null : failing.get(0);
    String role = first == null ? READER_ROLE : first.binding().role();
    String title = first == null ? "" : first.binding().condition().title();
    String expression = first == null ? "" : first.binding().condition().expression();
    boolean timeBound = TIME_BOUND.matcher(expression.trim()).matches() && e.now() != null;
    String renewed =
        timeBound
            ? String.format(
                "request.time < timestamp(\"%s\")", e.now().plus(RENEWAL).truncatedTo(DAYS))
            : String.format("resource.name == \"%s\"", repo.resourceName());
    String newTitle = timeBound ? (title.isEmpty() ? "renewed" : title) : "this repository";
    String command =
        String.format(
            "gcloud artifacts repositories add-iam-policy-binding %s --location %s --project %s"
                + " --member=%s --role=%s --condition='expression=%s,title=%s'",
            repo.name(), repo.location(), repo.project(), e.nodeMember(), role, renewed, newTitle);
    String why = String.join("; ", failing.stream().map(Bindings.Judged::describe).toList());
    return new Advice(
        String.format(
            "Node pool %s of cluster %s runs as %s, which may pull from %s only through a"
                + " conditional binding, and the condition does not hold now: %s.",
            e.nodePool(), e.cluster().name(), e.nodeServiceAccount(), repo, why),
        timeBound
            ? "Renew or correct the condition: the grant has expired. The command adds the same"
                + " role under a condition that ends in 90 days (choose your own date), then"
                + " remove the expired binding. Do not add an unconditional grant: it would undo"
                + " the limit the condition sets."
            : "Renew or correct the condition so that it admits this repository; the command adds"
                + " the role under a condition naming it. Do not add an unconditional grant: it"
                + " would undo the limit the condition sets.",
        List.of(command),
        "",
        retry,
        false);
  }

  private static final Pattern TIME_BOUND =
      Pattern.compile("request\\.time\\s*<=?\\s*timestamp\\(\\s*['\"][^'\"]+['\"]\\s*\\)");
  private static final java.time.Duration RENEWAL = java.time.Duration.ofDays(90);

  private static Advice grant(Evidence e, String retry, String summary) {
    RepositoryRef repo = e.repository();
    String member = e.nodeMember();
    String command =
        String.format(
            "gcloud artifacts repositories add-iam-policy-binding %s"
                + " --location %s --project %s --member=%s --role=%s",
            repo.name(), repo.location(), repo.project(), member, READER_ROLE);
    String terraform =
        String.format(
            """
            resource "google_artifact_registry_repository_iam_member" "%s" {
              project    = "%s"
              location   = "%s"
              repository = "%s"
              role       = "%s"
              member     = "%s"
            }\
            """,
            terraformName(e.nodePool() + "_reader"),
            repo.project(),
            repo.location(),
            repo.name(),
            READER_ROLE,
            member);
    return new Advice(
        summary,
        String.format(
            "Grant %s on repository %s to %s (least privilege: on the repository, not the"
                + " project).",
            READER_ROLE, repo, member),
        List.of(command),
        terraform,
        retry,
        true);
  }

  private static Advice inspectionDenied(Evidence e, String selfAccount, String retry) {
    Evidence.Problem denied = e.firstDeniedAbove() != null ? e.firstDeniedAbove() : e.firstDenied();
    String self = selfAccount == null ? "PULL_DOCTOR_SERVICE_ACCOUNT" : selfAccount;
    String permission = denied == null ? "unknown" : denied.permission();
    String role = denied == null || denied.role() == null ? "unknown" : denied.role();
    String target = denied == null ? null : grantTarget(denied.what());
    List<String> commands = new ArrayList<>();
    if (denied != null && denied.role() != null && target != null) {
      commands.add(
          String.format(
              "gcloud %s add-iam-policy-binding %s --member=serviceAccount:%s --role=%s",
              target.startsWith("organizations/")
                  ? "organizations"
                  : target.startsWith("folders/") ? "resource-manager folders" : "projects",
              target.substring(target.indexOf('/') + 1),
              self,
              role));
    }
    return new Advice(
        String.format(
            "Pull Doctor may not look at what it needs: %s was refused (%s). Grant its account %s.",
            denied == null ? "a look-up" : denied.what(), permission, role),
        "Grant Pull Doctor's own account the role named; its deployment grants it on the"
            + " projects listed in inspected_projects.",
        commands,
        "",
        "",
        false);
  }

  private static String undeterminedSummary(Evidence e) {
    if (e.image() == null) {
      return "The event names no image Pull Doctor could parse.";
    }
    if (!e.image().inScope()) {
      return "The image "
          + e.image().raw()
          + " is not served by Artifact Registry; Pull Doctor"
          + " diagnoses only Artifact Registry and gcr.io images.";
    }
    if (e.nodeServiceAccount() == null) {
      return "Pull Doctor could not tell which node pool node "
          + e.nodeName()
          + " belongs to ("
          + e.poolResolution()
          + ").";
    }
    List<Bindings.Judged> undecided =
        Bindings.conditionalPullBindingsFor(e, e.nodeMember(), RoleCatalog.predefined()).stream()
            .filter(j -> j.verdict().outcome() == Conditions.Outcome.UNDECIDED)
            .toList();
    if (!undecided.isEmpty()) {
      return "Pull Doctor could not prove why "
          + e.nodeServiceAccount()
          + " cannot pull from "
          + e.repository()
          + ": it may pull only through a conditional binding whose condition Pull Doctor"
          + " cannot evaluate ("
          + String.join("; ", undecided.stream().map(Bindings.Judged::describe).toList())
          + ").";
    }
    return "Pull Doctor could not prove why "
        + e.nodeServiceAccount()
        + " cannot pull from "
        + e.repository()
        + "; the evidence lists what it found.";
  }

  private static String retry(String namespace, String pod) {
    if (namespace == null || pod == null) {
      return "";
    }
    Matcher m = DEPLOYMENT_POD.matcher(pod);
    if (m.matches()) {
      return String.format("kubectl rollout restart deployment/%s -n %s", m.group(1), namespace);
    }
    return String.format("kubectl delete pod %s -n %s", pod, namespace);
  }

  private static String otherMembers(Evidence e, Binding b) {
    return b.members().stream()
        .filter(
            m ->
                m.startsWith("serviceAccount:")
                    && e.otherNodeAccounts().contains(m.substring("serviceAccount:".length())))
        .findFirst()
        .orElse("another account");
  }

  private static String legacyRoles(Evidence e) {
    return String.join(
        ", ",
        e.allBindings().stream()
            .filter(
                b ->
                    RoleCatalog.predefined().isLegacyGcrRole(b.role())
                        && b.includes(e.nodeMember()))
            .map(Binding::role)
            .distinct()
            .toList());
  }

  private static String projectOf(String account, ClusterRef cluster) {
    int at = account.indexOf('@');
    String domain = at < 0 ? "" : account.substring(at + 1);
    return domain.endsWith(".iam.gserviceaccount.com")
        ? domain.substring(0, domain.length() - ".iam.gserviceaccount.com".length())
        : cluster.project();
  }

  /**
   * Where Pull Doctor's role is missing: the organization or folder a look-up named (also in the
   * URL-encoded form of a deny policy's attachment point), else its project.
   */
  private static String grantTarget(String what) {
    String plain = what.replace("%2F", "/").replace("%2f", "/");
    Matcher m = Pattern.compile("(organizations|folders)/([0-9]+)").matcher(plain);
    if (m.find()) {
      return m.group(1) + "/" + m.group(2);
    }
    String project = projectIn(plain);
    return project == null ? null : "projects/" + project;
  }

  private static String projectIn(String what) {
    Matcher m = Pattern.compile("projects/([^/ ]+)").matcher(what);
    while (m.find()) {
      if (!m.group(1).equals("-")) {
        return m.group(1);
      }
    }
    return null;
  }

  private static String terraformName(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
  }
}
