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
          Modes.isVirtual(e)
              ? Modes.notInAnyUpstream(e, retry)
              : new Advice(
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
      case CONTAINER_REGISTRY_NOT_MIGRATED -> Modes.notMigrated(e, retry);
      case REMOTE_UPSTREAM_CREDENTIALS -> Modes.credentials(e, retry);
      case REMOTE_UPSTREAM_BLOCKED -> Modes.blocked(e, retry);
      case REMOTE_UPSTREAM_FAILED -> Modes.upstreamFailed(e, retry);
      case VIRTUAL_UPSTREAM_DENIED -> Modes.virtualDenied(e, retry);
      case CMEK_KEY_UNUSABLE -> Modes.keyUnusable(e, retry);
      case IMAGE_DELETED_BY_CLEANUP -> Modes.cleanedUp(e, retry);
      case DOWNLOAD_RULE_DENIED -> Modes.ruleDenied(e, retry);
      case IMAGE_FORMAT_UNSUPPORTED -> Modes.schema1(e, retry);
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
    String target = denied == null ? null : grantTarget(denied.what());
    String role =
        denied == null || denied.role() == null ? "unknown" : inProject(denied.role(), target);
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
        "Grant Pull Doctor's own account the role named. With the Terraform module, list the"
            + " project in inspected_projects, or the folder or organization in hierarchy_nodes:"
            + " the module's inspector role holds every read Pull Doctor makes.",
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
  /**
   * A custom role named for any project ({@code projects/PROJECT/roles/ID}, the inspector role
   * Terraform defines in each inspected project) in the project it is granted on.
   */
  private static String inProject(String role, String target) {
    String any = "projects/PROJECT/";
    return role.startsWith(any) && target != null && target.startsWith("projects/")
        ? target + "/" + role.substring(any.length())
        : role;
  }

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

  static String terraformName(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
  }

  /**
   * The advice of the repository modes, keys, cleanup policies, download rules and manifest formats
   * (DESIGN.md §3): part of this one home, kept together.
   */
  static final class Modes {
    private static final Pattern UPSTREAM_STATUS =
        Pattern.compile("\\b(401|403|404|429|5\\d\\d)( [A-Z][A-Za-z ]*[a-z])?");
    private static final Pattern KEY =
        Pattern.compile("projects/([^/]+)/locations/([^/]+)/keyRings/([^/]+)/cryptoKeys/([^/]+)");
    private static final Pattern SECRET_VERSION =
        Pattern.compile("projects/([^/]+)/secrets/([^/]+)/versions/([^/]+)");

    private Modes() {}

    /** The remote repository's upstream, as its configuration names it. */
    private static String upstream(Evidence e) {
      RepositoryInfo info = e.facts().info();
      return info == null || info.remote() == null ? "its upstream" : info.remote().upstream();
    }

    /** Advice when the evidence lacks the detail its cause is proven from (a hand-made test). */
    private static Advice unspecific(String summary, String retry) {
      return new Advice(
          summary, "Read the evidence: it names what was found.", List.of(), "", retry, false);
    }

    static boolean isVirtual(Evidence e) {
      RepositoryInfo info = e.facts().info();
      return info != null && info.mode() == RepositoryInfo.Mode.VIRTUAL;
    }

    static Advice notMigrated(Evidence e, String retry) {
      RepositoryRef repo = e.repository();
      return new Advice(
          String.format(
              "The image %s is on %s, which Container Registry no longer serves: project %s has no"
                  + " %s repository in Artifact Registry (%s), so the pull fails.",
              e.image().raw(), e.image().host(), repo.project(), repo.name(), repo),
          "Migrate the project from Container Registry to Artifact Registry: the migration creates"
              + " the gcr.io repositories, copies the images and redirects gcr.io to them.",
          List.of(
              String.format(
                  "gcloud artifacts docker upgrade migrate --projects=%s", repo.project())),
          String.format(
              """
              resource "google_artifact_registry_repository" "%s" {
                project       = "%s"
                location      = "%s"
                repository_id = "%s"
                format        = "DOCKER"
              }\
              """,
              terraformName(repo.name()), repo.project(), repo.location(), repo.name()),
          retry,
          false);
    }

    static Advice credentials(Evidence e, String retry) {
      RepositoryRef repo = e.repository();
      RepositoryFacts.SecretCheck secret = e.facts().secret();
      if (secret == null) {
        return unspecific(
            "Remote repository " + repo + " cannot use its upstream credential.", retry);
      }
      String version = secret.version();
      Matcher m = SECRET_VERSION.matcher(version);
      String project = m.matches() ? m.group(1) : repo.project();
      String name = m.matches() ? m.group(2) : version;
      String id = m.matches() ? m.group(3) : "latest";
      String upstream = upstream(e);
      if (ModeRules.secretUnusable(secret)) {
        boolean disabled = secret.state() == ModePorts.SecretState.DISABLED;
        String state =
            switch (secret.state()) {
              case DISABLED -> "is disabled";
              case DESTROYED -> "is destroyed";
              default -> "does not exist";
            };
        List<String> commands = new ArrayList<>();
        if (disabled && !id.equals("latest")) {
          commands.add(
              String.format(
                  "gcloud secrets versions enable %s --secret=%s --project=%s", id, name, project));
        } else if (disabled) {
          commands.add(
              String.format("gcloud secrets versions list %s --project=%s", name, project));
          commands.add(
              String.format(
                  "gcloud secrets versions enable VERSION_ID --secret=%s --project=%s",
                  name, project));
        } else {
          commands.add(
              String.format(
                  "gcloud secrets versions add %s --project=%s --data-file=PASSWORD_FILE",
                  name, project));
        }
        return new Advice(
            String.format(
                "Remote repository %s signs in to %s with the password in %s, which %s: Artifact"
                    + " Registry cannot fetch the image from its upstream.",
                repo, upstream, version, state),
            disabled
                ? "Enable the secret version, or point the remote repository at an enabled one."
                : "Add a new version of the secret with the upstream's password (or point the"
                    + " remote repository at an existing version).",
            commands,
            String.format(
                """
                resource "google_secret_manager_secret_version" "%s" {
                  secret      = "projects/%s/secrets/%s"
                  secret_data = var.upstream_password
                  enabled     = true
                }\
                """,
                terraformName(name + "_version"), project, name),
            retry,
            false);
      }
      String agent = e.facts().serviceAgent();
      String role = "roles/secretmanager.secretAccessor";
      return new Advice(
          String.format(
              "Remote repository %s signs in to %s with the password in %s, but the Artifact"
                  + " Registry service agent %s holds no role with %s on secret %s.",
              repo, upstream, version, agent, ModeRules.ACCESS_SECRET, name),
          String.format("Grant %s on secret %s to serviceAccount:%s.", role, name, agent),
          List.of(
              String.format(
                  "gcloud secrets add-iam-policy-binding %s --project=%s"
                      + " --member=serviceAccount:%s --role=%s",
                  name, project, agent, role)),
          String.format(
              """
              resource "google_secret_manager_secret_iam_member" "%s" {
                project   = "%s"
                secret_id = "%s"
                role      = "%s"
                member    = "serviceAccount:%s"
              }\
              """,
              terraformName(name + "_artifact_registry"), project, name, role, agent),
          retry,
          false);
    }

    static Advice blocked(Evidence e, String retry) {
      RepositoryRef repo = e.repository();
      return new Advice(
          String.format(
              "Remote repository %s cannot reach its upstream %s: the VPC Service Controls"
                  + " configuration of project %s for %s denies remote repositories their"
                  + " upstream.",
              repo, upstream(e), repo.project(), repo.location()),
          "Allow remote repositories in that location to reach their upstreams (with the"
              + " perimeter's owner), or serve the image from a standard repository.",
          List.of(
              String.format(
                  "gcloud artifacts vpcsc-config describe --project=%s --location=%s",
                  repo.project(), repo.location()),
              String.format(
                  "gcloud artifacts vpcsc-config allow --project=%s --location=%s",
                  repo.project(), repo.location())),
          String.format(
              """
              resource "google_artifact_registry_vpcsc_config" "%s" {
                provider     = google-beta
                project      = "%s"
                location     = "%s"
                vpcsc_policy = "ALLOW"
              }\
              """,
              terraformName(repo.location() + "_vpcsc"), repo.project(), repo.location()),
          retry,
          false);
    }

    static Advice upstreamFailed(Evidence e, String retry) {
      RepositoryRef repo = e.repository();
      String message = e.facts().message() == null ? "" : e.facts().message();
      Matcher m = UPSTREAM_STATUS.matcher(message);
      String answer = m.find() ? "it answered " + m.group().trim() : "it failed";
      return new Advice(
          String.format(
              "Remote repository %s is set up correctly (the node may read it, its credential and"
                  + " VPC-SC configuration allow the upstream), but its upstream %s refused the"
                  + " request: %s.",
              repo, upstream(e), answer),
          "Check the upstream: the image's name and tag there, its rate limits (a Docker Hub"
              + " account raises them), or its status page; kubelet retries on its own.",
          List.of(
              String.format(
                  "gcloud artifacts repositories describe %s --location=%s --project=%s",
                  repo.name(), repo.location(), repo.project())),
          "",
          retry,
          false);
    }

    static Advice virtualDenied(Evidence e, String retry) {
      RepositoryRef repo = e.repository();
      RepositoryFacts.UpstreamCheck denied =
          ModeRules.firstDeniedUpstream(e, RoleCatalog.predefined()).orElse(null);
      if (denied == null) {
        return unspecific(
            "Virtual repository " + repo + " may not read one of its upstreams.", retry);
      }
      RepositoryRef up = denied.upstream().repository();
      String agent = e.facts().serviceAgent();
      return new Advice(
          String.format(
              "Virtual repository %s reads its upstream %s (policy %s, priority %d) as the"
                  + " Artifact Registry service agent %s, which holds no role with %s on it.",
              repo,
              up,
              denied.upstream().id(),
              denied.upstream().priority(),
              agent,
              ModeRules.READ_VIA_VIRTUAL),
          String.format("Grant %s on repository %s to serviceAccount:%s.", READER_ROLE, up, agent),
          List.of(
              String.format(
                  "gcloud artifacts repositories add-iam-policy-binding %s"
                      + " --location %s --project %s --member=serviceAccount:%s --role=%s",
                  up.name(), up.location(), up.project(), agent, READER_ROLE)),
          String.format(
              """
              resource "google_artifact_registry_repository_iam_member" "%s" {
                project    = "%s"
                location   = "%s"
                repository = "%s"
                role       = "%s"
                member     = "serviceAccount:%s"
              }\
              """,
              terraformName(up.name() + "_virtual_reader"),
              up.project(),
              up.location(),
              up.name(),
              READER_ROLE,
              agent),
          retry,
          false);
    }

    static Advice notInAnyUpstream(Evidence e, String retry) {
      RepositoryRef repo = e.repository();
      List<String> searched =
          e.facts().upstreams().stream()
              .map(u -> u.upstream().repository() + " (priority " + u.upstream().priority() + ")")
              .toList();
      List<String> commands =
          e.facts().upstreams().stream()
              .map(
                  u ->
                      String.format(
                          "gcloud artifacts docker tags list %s-docker.pkg.dev/%s/%s/%s",
                          u.upstream().repository().location(),
                          u.upstream().repository().project(),
                          u.upstream().repository().name(),
                          e.image().image()))
              .toList();
      return new Advice(
          String.format(
              "Virtual repository %s searched its upstreams %s in priority order, and none has %s"
                  + " %s %s.",
              repo,
              searched.isEmpty() ? "(none configured)" : String.join(", ", searched),
              e.image().image(),
              e.image().digest() != null ? "digest" : "tag",
              e.image().version()),
          "Push the image to one of the upstreams, or fix the tag or digest in the pod spec.",
          commands,
          "",
          retry,
          false);
    }

    static Advice keyUnusable(Evidence e, String retry) {
      RepositoryRef repo = e.repository();
      RepositoryFacts.KeyCheck key = e.facts().key();
      if (key == null) {
        return unspecific("The Cloud KMS key of repository " + repo + " is not usable.", retry);
      }
      Matcher m = KEY.matcher(key.name());
      boolean parsed = m.matches();
      String project = parsed ? m.group(1) : repo.project();
      String location = parsed ? m.group(2) : repo.location();
      String ring = parsed ? m.group(3) : "KEY_RING";
      String name = parsed ? m.group(4) : key.name();
      if (ModeRules.keyUnusable(key)) {
        String version =
            key.primaryVersion() == null
                ? "VERSION"
                : key.primaryVersion().substring(key.primaryVersion().lastIndexOf('/') + 1);
        String where =
            String.format(
                "--key=%s --keyring=%s --location=%s --project=%s", name, ring, location, project);
        List<String> commands =
            switch (key.state()) {
              case DISABLED ->
                  List.of(String.format("gcloud kms keys versions enable %s %s", version, where));
              case DESTROY_SCHEDULED ->
                  List.of(
                      String.format("gcloud kms keys versions restore %s %s", version, where),
                      String.format("gcloud kms keys versions enable %s %s", version, where));
              default ->
                  List.of(
                      String.format(
                          "gcloud kms keys describe %s --keyring=%s --location=%s --project=%s",
                          name, ring, location, project));
            };
        String state =
            switch (key.state()) {
              case DISABLED -> "whose primary version " + version + " is disabled";
              case DESTROY_SCHEDULED ->
                  "whose primary version " + version + " is scheduled for destruction";
              case DESTROYED -> "whose primary version " + version + " is destroyed";
              case NO_PRIMARY -> "which has no primary version";
              case NOT_FOUND -> "which does not exist";
              default ->
                  "whose primary version " + version + " is not usable (" + key.state() + ")";
            };
        return new Advice(
            String.format(
                "Repository %s is encrypted with Cloud KMS key %s, %s: Artifact Registry cannot"
                    + " decrypt its images.",
                repo, key.name(), state),
            key.state() == ModePorts.KeyState.DESTROYED
                    || key.state() == ModePorts.KeyState.NOT_FOUND
                ? "Data encrypted with a destroyed key cannot be recovered: push the images to a"
                    + " new repository with a usable key."
                : "Make the key's primary version usable again (restore it if its destruction is"
                    + " scheduled, then enable it).",
            commands,
            "",
            retry,
            false);
      }
      String agent = e.facts().serviceAgent();
      String role = "roles/cloudkms.cryptoKeyEncrypterDecrypter";
      return new Advice(
          String.format(
              "Repository %s is encrypted with Cloud KMS key %s, but the Artifact Registry service"
                  + " agent %s holds no role with %s on it.",
              repo, key.name(), agent, ModeRules.USE_TO_DECRYPT),
          String.format("Grant %s on key %s to serviceAccount:%s.", role, key.name(), agent),
          List.of(
              String.format(
                  "gcloud kms keys add-iam-policy-binding %s --keyring=%s --location=%s"
                      + " --project=%s --member=serviceAccount:%s --role=%s",
                  name, ring, location, project, agent, role)),
          String.format(
              """
              resource "google_kms_crypto_key_iam_member" "%s" {
                crypto_key_id = "%s"
                role          = "%s"
                member        = "serviceAccount:%s"
              }\
              """,
              terraformName(name + "_artifact_registry"), key.name(), role, agent),
          retry,
          false);
    }

    static Advice cleanedUp(Evidence e, String retry) {
      RepositoryRef repo = e.repository();
      RepositoryInfo.CleanupRule policy = ModeRules.deletingPolicy(e).orElse(null);
      if (policy == null) {
        return unspecific(
            "A cleanup policy of repository " + repo + " deleted " + e.image().raw() + ".", retry);
      }
      String version = e.image().version();
      boolean byTag = e.image().digest() == null;
      String keepId = terraformName("keep-" + e.image().image() + "-" + version).replace('_', '-');
      String ages =
          policy.olderThan() == null && policy.newerThan() == null
              ? ""
              : " (its age condition cannot be checked for a version that is gone)";
      return new Advice(
          String.format(
              "%s %s %s is gone from repository %s, and the repository's active cleanup policy %s"
                  + " (DELETE%s) matches it%s; no KEEP policy protects it.",
              e.image().image(),
              byTag ? "tag" : "digest",
              version,
              repo,
              policy.id(),
              describe(policy),
              ages),
          "Add a KEEP cleanup policy that matches the versions the cluster runs, then push the"
              + " image again.",
          List.of(
              String.format(
                  "gcloud artifacts repositories list-cleanup-policies %s --location=%s"
                      + " --project=%s",
                  repo.name(), repo.location(), repo.project()),
              String.format(
                  "gcloud artifacts repositories set-cleanup-policies %s --location=%s"
                      + " --project=%s --policy=POLICY_FILE --no-dry-run",
                  repo.name(), repo.location(), repo.project())),
          String.format(
              """
              cleanup_policies {
                id     = "%s"
                action = "KEEP"
                condition {
                  tag_state    = "%s"
              %s  }
              }\
              """,
              keepId,
              byTag ? "TAGGED" : "ANY",
              byTag ? "      tag_prefixes = [\"" + version + "\"]\n" : ""),
          retry,
          false);
    }

    private static String describe(RepositoryInfo.CleanupRule p) {
      List<String> parts = new ArrayList<>();
      if (p.tagState() != null) {
        parts.add("tag state " + p.tagState());
      }
      if (!p.tagPrefixes().isEmpty()) {
        parts.add("tag prefixes " + String.join(", ", p.tagPrefixes()));
      }
      if (!p.versionNamePrefixes().isEmpty()) {
        parts.add("version prefixes " + String.join(", ", p.versionNamePrefixes()));
      }
      if (!p.packageNamePrefixes().isEmpty()) {
        parts.add("package prefixes " + String.join(", ", p.packageNamePrefixes()));
      }
      if (p.olderThan() != null) {
        parts.add("older than " + p.olderThan());
      }
      if (p.newerThan() != null) {
        parts.add("newer than " + p.newerThan());
      }
      return parts.isEmpty() ? "" : ", " + String.join(", ", parts);
    }

    static Advice ruleDenied(Evidence e, String retry) {
      RepositoryRef repo = e.repository();
      ModeRules.RuleMatch match = ModeRules.denyingRule(e).orElse(null);
      if (match == null) {
        return unspecific("A rule of repository " + repo + " denies the download.", retry);
      }
      ModePorts.DownloadRule rule = match.rule();
      String scope =
          rule.packageId() == null ? "from the whole repository" : "of package " + rule.packageId();
      String condition =
          rule.condition() == null
              ? ""
              : match.certain()
                  ? " when " + rule.condition() + " (it holds for " + e.image().version() + ")"
                  : " when "
                      + rule.condition()
                      + " (a condition Pull Doctor cannot evaluate: it possibly applies)";
      return new Advice(
          String.format(
              "IAM lets %s pull from %s, but the repository's rule %s denies downloads %s%s.",
              e.nodeServiceAccount(), repo, rule.id(), scope, condition),
          "Ask the repository's owner whether the rule is meant to block this image; change or"
              + " delete the rule, or use an image it allows.",
          List.of(
              String.format(
                  "gcloud artifacts rules describe %s --repository=%s --location=%s --project=%s",
                  rule.id(), repo.name(), repo.location(), repo.project())),
          "",
          retry,
          false);
    }

    static Advice schema1(Evidence e, String retry) {
      String image = e.image().raw();
      return new Advice(
          String.format(
              "Node pool %s runs GKE %s, whose containerd 2 no longer pulls Docker schema 1"
                  + " images, and %s has a schema 1 manifest (%s).",
              e.nodePool(), e.facts().poolVersion(), image, e.facts().mediaType()),
          "Build and push the image again: current builders write Docker schema 2 or OCI"
              + " manifests.",
          List.of(
              String.format("docker build -t %s . && docker push %s", image, image),
              String.format(
                  "gcloud artifacts docker images describe %s"
                      + " --format='value(image_summary.digest)'",
                  image)),
          "",
          retry,
          false);
    }
  }
}
