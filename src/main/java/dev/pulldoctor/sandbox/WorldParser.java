package dev.pulldoctor.sandbox;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns world JSON into a {@link World}, naming the JSON path of the first problem.
 *
 * <p>Unlike the event decoders, this parser rejects unknown fields: a world is written by hand, and
 * a misspelt {@code iamPolicy} silently ignored would change every diagnosis made against it. Keys
 * starting with {@code _} are comments.
 */
final class WorldParser {

  private static final Pattern PROJECT_ID = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]");
  private static final Pattern DIGITS = Pattern.compile("\\d{1,20}");
  private static final Pattern SERVICE = Pattern.compile("[a-z0-9.-]+\\.googleapis\\.com");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s:]+@[^@\\s:]+\\.[^@\\s:]+");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern LOCATION = Pattern.compile("[a-z][a-z0-9-]*");
  private static final Pattern V2_PERMISSION =
      Pattern.compile("[a-z0-9-]+\\.googleapis\\.com/[A-Za-z0-9*]+(\\.[A-Za-z0-9*]+)*");
  private static final Set<String> FORMATS =
      Set.of("DOCKER", "MAVEN", "NPM", "PYTHON", "APT", "YUM", "GO", "KFP", "GENERIC");
  private static final Set<String> FUNCTION_STATES =
      Set.of("ACTIVE", "FAILED", "DEPLOYING", "DELETING", "UNKNOWN");
  private static final Set<String> RETRY_POLICIES =
      Set.of("RETRY_POLICY_RETRY", "RETRY_POLICY_DO_NOT_RETRY");

  /**
   * GKE's scopes for a pool created without any
   * (https://cloud.google.com/kubernetes-engine/docs/how-to/access-scopes).
   */
  static final List<String> GKE_DEFAULT_SCOPES =
      List.of(
          "https://www.googleapis.com/auth/devstorage.read_only",
          "https://www.googleapis.com/auth/logging.write",
          "https://www.googleapis.com/auth/monitoring",
          "https://www.googleapis.com/auth/service.management.readonly",
          "https://www.googleapis.com/auth/servicecontrol",
          "https://www.googleapis.com/auth/trace.append");

  private final Map<PolicyKey, List<Binding>> policies = new LinkedHashMap<>();
  private final Modes modes = new Modes();
  private final Map<String, Set<String>> customRoles = new LinkedHashMap<>();

  private WorldParser() {}

  static World parse(String json) {
    return new WorldParser().world(root(json));
  }

  private static Node root(String json) {
    try (JsonReader reader = new JsonReader(new StringReader(json))) {
      reader.setStrictness(Strictness.STRICT);
      JsonElement tree = JsonParser.parseReader(reader);
      if (tree.isJsonNull()) {
        throw new WorldException("$", "the file is empty");
      }
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new WorldException("$", "not valid JSON: more data after the top-level value");
      }
      return new Node(tree, "$");
    } catch (JsonParseException | IOException | IllegalStateException e) {
      throw new WorldException("$", "not valid JSON: " + gsonMessage(e));
    }
  }

  /** Gson's message without its exception-class prefix and troubleshooting link. */
  private static String gsonMessage(Exception e) {
    Throwable t =
        e.getCause() != null
                && e.getMessage() != null
                && e.getMessage().startsWith(e.getCause().getClass().getName())
            ? e.getCause()
            : e;
    String m = String.valueOf(t.getMessage()).replaceAll("\\s+", " ");
    int see = m.indexOf(" See https://");
    m = see > 0 ? m.substring(0, see) : m;
    // Gson's advice to parse leniently is no advice for a world file.
    return m.replace(
        "Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON",
        "malformed JSON");
  }

  private World world(Node root) {
    root.only("caller", "now", "organizations", "folders", "projects");
    String caller = root.field("caller").string();
    if (!caller.matches("(serviceAccount|user):" + EMAIL.pattern())) {
      throw root.field("caller").problem("expected serviceAccount:EMAIL or user:EMAIL");
    }
    Instant now = null;
    Node nowNode = root.optional("now");
    if (nowNode.present()) {
      try {
        now =
            OffsetDateTime.parse(nowNode.string(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                .toInstant();
      } catch (DateTimeParseException e) {
        throw nowNode.problem("expected an RFC 3339 time such as 2026-11-21T09:15:00Z");
      }
    }
    Map<String, Organization> organizations = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : root.optional("organizations").entries()) {
      Node node = e.getValue();
      if (!e.getKey().matches("organizations/\\d{1,20}")) {
        throw node.problem("expected a key of the form organizations/NUMBER");
      }
      node.only("displayName", "iamPolicy", "denyRules");
      policies.put(PolicyKey.organization(e.getKey()), bindings(node.optional("iamPolicy")));
      organizations.put(
          e.getKey(),
          new Organization(e.getKey(), node.optional("displayName").string(""), denyRules(node)));
    }
    Map<String, Folder> folders = new LinkedHashMap<>();
    Map<String, Node> parents = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : root.optional("folders").entries()) {
      Node node = e.getValue();
      if (!e.getKey().matches("folders/\\d{1,20}")) {
        throw node.problem("expected a key of the form folders/NUMBER");
      }
      node.only("parent", "displayName", "iamPolicy", "denyRules");
      parents.put(e.getKey(), node.field("parent"));
      policies.put(PolicyKey.folder(e.getKey()), bindings(node.optional("iamPolicy")));
      folders.put(
          e.getKey(),
          new Folder(
              e.getKey(),
              node.field("parent").string(),
              node.optional("displayName").string(e.getKey()),
              denyRules(node)));
    }
    for (Map.Entry<String, Node> e : parents.entrySet()) {
      checkParent(e.getValue(), organizations, folders);
    }
    for (Folder f : folders.values()) {
      List<String> path = new ArrayList<>(List.of(f.name()));
      for (String p = f.parent(); folders.containsKey(p); p = folders.get(p).parent()) {
        path.add(p);
        if (p.equals(f.name())) {
          throw parents.get(f.name()).problem("folders form a cycle: " + String.join(" → ", path));
        }
      }
    }
    Map<String, Project> projects = new LinkedHashMap<>();
    Map<String, String> numbers = new LinkedHashMap<>();
    Map<String, String> accountHomes = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : root.field("projects").entries()) {
      String id = e.getKey();
      Node node = e.getValue();
      if (!PROJECT_ID.matcher(id).matches()) {
        throw node.problem("not a project id (6-30 lowercase letters, digits or hyphens)");
      }
      Node parent = node.optional("parent");
      if (parent.present()) {
        checkParent(parent, organizations, folders);
      }
      Project p = project(id, node);
      String other = numbers.put(p.number(), id);
      if (other != null) {
        throw node.field("number")
            .problem("project number " + p.number() + " is also used by projects." + other);
      }
      for (String email : p.serviceAccounts().keySet()) {
        String home = accountHomes.put(email, id);
        if (home != null) {
          throw node.field("serviceAccounts")
              .field(email)
              .problem("also listed in projects." + home);
        }
      }
      projects.put(id, p);
    }
    checkCustomRoleGrants();
    return new World(
        caller,
        now,
        Collections.unmodifiableMap(organizations),
        Collections.unmodifiableMap(folders),
        Collections.unmodifiableMap(projects),
        policies,
        modes,
        customRoles);
  }

  /** A parent must be a folder or an organization of the world. */
  private static void checkParent(
      Node parent, Map<String, Organization> organizations, Map<String, Folder> folders) {
    String p = parent.string();
    if (!p.matches("(folders|organizations)/\\d{1,20}")) {
      throw parent.problem("expected folders/NUMBER or organizations/NUMBER");
    }
    if (!organizations.containsKey(p) && !folders.containsKey(p)) {
      throw parent.problem(
          "unknown parent "
              + p
              + " (it must be listed under "
              + (p.startsWith("folders/") ? "folders" : "organizations")
              + ")");
    }
  }

  private static List<DenyRule> denyRules(Node node) {
    List<DenyRule> deny = new ArrayList<>();
    Node denyNode = node.optional("denyRules");
    for (int i = 0; i < denyNode.size(); i++) {
      deny.add(denyRule(denyNode.item(i)));
    }
    return deny;
  }

  private Project project(String id, Node node) {
    node.only(
        "number",
        "services",
        "iamPolicy",
        "denyRules",
        "serviceAccounts",
        "clusters",
        "repositories",
        "functions",
        "secrets",
        "cryptoKeys",
        "vpcscConfig",
        "customRoles",
        "parent");
    Node number = node.field("number");
    if (!DIGITS.matcher(number.string()).matches()) {
      throw number.problem("expected the project number as a string of digits");
    }
    Set<String> services = new LinkedHashSet<>();
    Node servicesNode = node.optional("services");
    for (int i = 0; i < servicesNode.strings().size(); i++) {
      String s = servicesNode.strings().get(i);
      if (!SERVICE.matcher(s).matches()) {
        throw servicesNode
            .item(i)
            .problem("expected a service name such as artifactregistry.googleapis.com");
      }
      services.add(s);
    }
    policies.put(PolicyKey.project(id), bindings(node.optional("iamPolicy")));
    List<DenyRule> deny = denyRules(node);
    Map<String, ServiceAccount> accounts = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : node.optional("serviceAccounts").entries()) {
      String email = e.getKey();
      Node sa = e.getValue();
      if (!EMAIL.matcher(email).matches() || !email.equals(email.toLowerCase(Locale.ROOT))) {
        throw sa.problem("expected a service account email in lower case");
      }
      sa.only("disabled", "displayName", "iamPolicy");
      accounts.put(
          email,
          new ServiceAccount(
              email,
              id,
              sa.optional("disabled").bool(false),
              sa.optional("displayName").string("")));
      policies.put(PolicyKey.serviceAccount(id, email), bindings(sa.optional("iamPolicy")));
    }
    Map<String, Cluster> clusters = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : node.optional("clusters").entries()) {
      String[] key = locationSlashName(e.getValue(), e.getKey());
      clusters.put(e.getKey(), cluster(key[0], key[1], e.getValue()));
      poolVersions(id, e.getKey(), e.getValue());
    }
    Map<String, Repository> repositories = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : node.optional("repositories").entries()) {
      String[] key = locationSlashName(e.getValue(), e.getKey());
      repositories.put(e.getKey(), repository(key[0], key[1], e.getValue()));
      modes.repository(id, e.getKey(), RepositoryModes.mode(e.getValue()));
      mediaTypes(id, e.getKey(), e.getValue());
      policies.put(
          PolicyKey.repository(id, e.getKey()), bindings(e.getValue().optional("iamPolicy")));
    }
    projectModes(id, node);
    customRoles(id, node.optional("customRoles"));
    Map<String, CloudFunction> functions = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : node.optional("functions").entries()) {
      String[] key = locationSlashName(e.getValue(), e.getKey());
      functions.put(e.getKey(), function(key[0], key[1], e.getValue()));
    }
    return new Project(
        id,
        number.string(),
        node.optional("parent").string(""),
        services,
        deny,
        Collections.unmodifiableMap(accounts),
        Collections.unmodifiableMap(clusters),
        Collections.unmodifiableMap(repositories),
        Collections.unmodifiableMap(functions));
  }

  /**
   * A project's custom role can be granted only on that project and the resources in it ("custom
   * roles created at the project level ... can only be granted in that project",
   * https://cloud.google.com/iam/docs/understanding-custom-roles): a world that grants it
   * elsewhere, or grants one the project does not define, is refused.
   */
  private void checkCustomRoleGrants() {
    for (Map.Entry<PolicyKey, List<Binding>> e : policies.entrySet()) {
      for (Binding b : e.getValue()) {
        if (!b.role().startsWith("projects/")) {
          continue;
        }
        String owner = b.role().substring("projects/".length(), b.role().indexOf("/roles/"));
        String where =
            e.getKey().project().isEmpty() ? e.getKey().name() : "projects." + e.getKey().project();
        if (!owner.equals(e.getKey().project())) {
          throw new WorldException(
              "$." + where,
              b.role() + " is a custom role of project " + owner + ": grant it there");
        }
        if (!customRoles.containsKey(b.role())) {
          throw new WorldException(
              "$." + where, b.role() + " is not in the customRoles of project " + owner);
        }
      }
    }
  }

  /**
   * {@code customRoles: {ROLE_ID: {"permissions": [...]}}}: a project's custom roles, granted as
   * {@code projects/P/roles/ROLE_ID}, as Terraform's google_project_iam_custom_role defines them.
   */
  private void customRoles(String project, Node node) {
    for (Map.Entry<String, Node> e : node.entries()) {
      Node role = e.getValue();
      role.only("title", "permissions");
      if (!e.getKey().matches("[A-Za-z0-9_.]{3,64}")) {
        throw role.problem("expected a role id of 3 to 64 letters, digits, _ and .");
      }
      Set<String> permissions = new LinkedHashSet<>();
      Node list = role.field("permissions");
      for (int i = 0; i < list.strings().size(); i++) {
        String p = list.strings().get(i);
        if (!p.matches("[a-z0-9]+(\\.[A-Za-z0-9]+){2}")) {
          throw list.item(i).problem("expected a permission such as artifactregistry.tags.get");
        }
        permissions.add(p);
      }
      customRoles.put("projects/" + project + "/roles/" + e.getKey(), permissions);
    }
  }

  private static String[] locationSlashName(Node node, String key) {
    String[] parts = key.split("/", -1);
    if (parts.length != 2
        || !LOCATION.matcher(parts[0]).matches()
        || !NAME.matcher(parts[1]).matches()) {
      throw node.problem("expected a key of the form LOCATION/NAME");
    }
    return parts;
  }

  private static List<Binding> bindings(Node node) {
    List<Binding> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      Node b = node.item(i);
      b.only("role", "members", "condition");
      Node role = b.field("role");
      if (!role.string()
          .matches("(roles|projects/[^/]+/roles|organizations/\\d+/roles)/[A-Za-z0-9_.]+")) {
        throw role.problem("expected a role such as roles/artifactregistry.reader");
      }
      Node members = b.field("members");
      for (int m = 0; m < members.strings().size(); m++) {
        if (!Principal.isMember(members.strings().get(m))) {
          throw members
              .item(m)
              .problem(
                  "expected a member such as serviceAccount:EMAIL, user:EMAIL,"
                      + " group:EMAIL, domain:DOMAIN, allUsers or allAuthenticatedUsers");
        }
      }
      out.add(new Binding(role.string(), members.strings(), condition(b.optional("condition"))));
    }
    return out;
  }

  /** A binding's condition, or null; an expression the sandbox cannot evaluate is refused. */
  private static Condition condition(Node node) {
    if (!node.present()) {
      return null;
    }
    node.only("title", "description", "expression");
    Node title = node.field("title");
    Node expression = node.field("expression");
    try {
      return new Condition(
          title.string(), node.optional("description").string(""), expression.string());
    } catch (Condition.SyntaxException e) {
      throw expression.problem(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw title.problem(e.getMessage());
    }
  }

  private static DenyRule denyRule(Node node) {
    node.only(
        "deniedPrincipals", "deniedPermissions", "exceptionPrincipals", "exceptionPermissions");
    Node denied = node.field("deniedPrincipals");
    Node exceptions = node.optional("exceptionPrincipals");
    for (Node principals : List.of(denied, exceptions)) {
      for (int i = 0; i < principals.strings().size(); i++) {
        if (!principals.strings().get(i).matches("principal(Set)?://\\S+")) {
          throw principals
              .item(i)
              .problem("expected a principal://… or principalSet://… identifier");
        }
      }
    }
    Node permissions = node.field("deniedPermissions");
    Node exceptionPermissions = node.optional("exceptionPermissions");
    for (Node list : List.of(permissions, exceptionPermissions)) {
      for (int i = 0; i < list.strings().size(); i++) {
        if (!V2_PERMISSION.matcher(list.strings().get(i)).matches()) {
          throw list.item(i)
              .problem(
                  "expected a permission of the form"
                      + " artifactregistry.googleapis.com/repositories.downloadArtifacts");
        }
      }
    }
    return new DenyRule(
        denied.strings(),
        permissions.strings(),
        exceptions.strings(),
        exceptionPermissions.strings());
  }

  private static Cluster cluster(String location, String name, Node node) {
    node.only("autopilot", "nodePools");
    List<NodePool> pools = new ArrayList<>();
    for (Map.Entry<String, Node> e : node.field("nodePools").entries()) {
      Node pool = e.getValue();
      if (!NAME.matcher(e.getKey()).matches()) {
        throw pool.problem("not a node pool name");
      }
      pool.only("serviceAccount", "oauthScopes", "instanceGroups", "version");
      String account = pool.optional("serviceAccount").string("default");
      if (!account.equals("default") && !EMAIL.matcher(account).matches()) {
        throw pool.field("serviceAccount").problem("expected default or a service account email");
      }
      Node scopes = pool.optional("oauthScopes");
      List<String> scopeList = scopes.present() ? scopes.strings() : GKE_DEFAULT_SCOPES;
      List<NodePool.InstanceGroup> groups = new ArrayList<>();
      Node groupsNode = pool.optional("instanceGroups");
      for (int i = 0; i < groupsNode.strings().size(); i++) {
        String g = groupsNode.strings().get(i);
        String[] parts = g.split("/", -1);
        if (parts.length > 2 || !NAME.matcher(parts[parts.length - 1]).matches()) {
          throw groupsNode.item(i).problem("expected an instance group NAME or ZONE/NAME");
        }
        groups.add(
            parts.length == 2
                ? new NodePool.InstanceGroup(parts[0], parts[1])
                : new NodePool.InstanceGroup(null, g));
      }
      pools.add(new NodePool(e.getKey(), account, scopeList, groups));
    }
    return new Cluster(location, name, node.optional("autopilot").bool(false), pools);
  }

  private static Repository repository(String location, String name, Node node) {
    node.only("format", "iamPolicy", "images", RepositoryModes.FIELDS);
    Node format = node.optional("format");
    String f = format.string("DOCKER");
    if (!FORMATS.contains(f)) {
      throw format.problem(
          "expected one of " + String.join(", ", new java.util.TreeSet<>(FORMATS)));
    }
    Map<String, List<String>> images = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : node.optional("images").entries()) {
      if (!e.getKey().matches("[a-z0-9]+([._/-][a-z0-9]+)*")) {
        throw e.getValue().problem("not an image path (lower-case, may contain /)");
      }
      // An image maps to its tags, or to its tags with their properties (mediaType).
      List<String> tags =
          e.getValue().present() && e.getValue().value().isJsonObject()
              ? e.getValue().entries().stream().map(Map.Entry::getKey).toList()
              : e.getValue().strings();
      for (int i = 0; i < tags.size(); i++) {
        if (!tags.get(i).matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")) {
          throw e.getValue().item(i).problem("not a Docker tag");
        }
      }
      images.put(e.getKey(), tags);
    }
    return new Repository(location, name, f, images);
  }

  private static CloudFunction function(String location, String name, Node node) {
    node.only(
        "state",
        "runtime",
        "entryPoint",
        "serviceAccount",
        "triggerTopic",
        "retryPolicy",
        "environment");
    Node state = node.optional("state");
    if (!FUNCTION_STATES.contains(state.string("ACTIVE"))) {
      throw state.problem(
          "expected one of " + String.join(", ", new java.util.TreeSet<>(FUNCTION_STATES)));
    }
    Node retry = node.optional("retryPolicy");
    if (!RETRY_POLICIES.contains(retry.string("RETRY_POLICY_DO_NOT_RETRY"))) {
      throw retry.problem("expected RETRY_POLICY_RETRY or RETRY_POLICY_DO_NOT_RETRY");
    }
    Node topic = node.optional("triggerTopic");
    if (topic.present() && !topic.string().matches("projects/[^/]+/topics/[^/]+")) {
      throw topic.problem("expected projects/PROJECT/topics/TOPIC");
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : node.optional("environment").entries()) {
      env.put(e.getKey(), e.getValue().string());
    }
    return new CloudFunction(
        location,
        name,
        state.string("ACTIVE"),
        node.optional("runtime").string(""),
        node.optional("entryPoint").string(""),
        node.optional("serviceAccount").string(""),
        topic.string(""),
        retry.string("RETRY_POLICY_DO_NOT_RETRY"),
        env);
  }

  /** Node pools' GKE versions ({@code version}, e.g. {@code 1.33.5-gke.1080000}). */
  private void poolVersions(String project, String clusterKey, Node cluster) {
    for (Map.Entry<String, Node> e : cluster.field("nodePools").entries()) {
      Node version = e.getValue().optional("version");
      if (version.present()) {
        if (!version.string().matches("\\d+\\.\\d+(\\.\\d+)?(-gke\\.\\d+)?")) {
          throw version.problem("expected a GKE version such as 1.33.5-gke.1080000");
        }
        modes.poolVersion(project, clusterKey, e.getKey(), version.string());
      }
    }
  }

  /** Images whose tags carry properties: {@code {"1.0": {"mediaType": "…"}}}. */
  private void mediaTypes(String project, String repositoryKey, Node repository) {
    for (Map.Entry<String, Node> image : repository.optional("images").entries()) {
      if (!image.getValue().value().isJsonObject()) {
        continue;
      }
      for (Map.Entry<String, Node> tag : image.getValue().entries()) {
        tag.getValue().only("mediaType");
        Node type = tag.getValue().optional("mediaType");
        if (type.present()) {
          modes.mediaType(project, repositoryKey, image.getKey(), tag.getKey(), type.string());
        }
      }
    }
  }

  /** A project's secrets, crypto keys and VPC-SC configs for remote repositories. */
  private void projectModes(String project, Node node) {
    for (Map.Entry<String, Node> e : node.optional("secrets").entries()) {
      Modes.Secret secret = RepositoryModes.secret(project, e.getKey(), e.getValue());
      modes.secret(secret);
      policies.put(
          PolicyKey.secret(project, e.getKey()), bindings(e.getValue().optional("iamPolicy")));
    }
    for (Map.Entry<String, Node> e : node.optional("cryptoKeys").entries()) {
      Modes.CryptoKey key = RepositoryModes.cryptoKey(project, e.getKey(), e.getValue());
      modes.key(key);
      policies.put(
          PolicyKey.cryptoKey(project, e.getKey()), bindings(e.getValue().optional("iamPolicy")));
    }
    for (Map.Entry<String, Node> e : node.optional("vpcscConfig").entries()) {
      String policy = e.getValue().string();
      if (!LOCATION.matcher(e.getKey()).matches() || !Set.of("ALLOW", "DENY").contains(policy)) {
        throw e.getValue().problem("expected LOCATION: ALLOW or DENY");
      }
      modes.vpcsc(project, e.getKey(), policy);
    }
  }

  /** A JSON value and its path; every accessor names the path when the value is not as expected. */
  record Node(JsonElement value, String path) {

    boolean present() {
      return value != null && !value.isJsonNull();
    }

    WorldException problem(String what) {
      return new WorldException(path, what);
    }

    JsonObject object() {
      if (!present() || !value.isJsonObject()) {
        throw problem(present() ? "expected an object" : "missing");
      }
      return value.getAsJsonObject();
    }

    Node field(String name) {
      Node n = optional(name);
      if (!n.present()) {
        throw n.problem("missing");
      }
      return n;
    }

    Node optional(String name) {
      return new Node(object().get(name), path + "." + name);
    }

    /** Rejects fields other than these and {@code more} (and {@code _comments}). */
    void only(String first, String second, String third, List<String> more) {
      List<String> all = new ArrayList<>(List.of(first, second, third));
      all.addAll(more);
      only(all.toArray(String[]::new));
    }

    /** Rejects fields other than these (and {@code _comments}). */
    void only(String... allowed) {
      Set<String> known = Set.of(allowed);
      for (String key : object().keySet()) {
        if (!known.contains(key) && !key.startsWith("_")) {
          throw new WorldException(
              path + "." + key,
              "unknown field (expected one of: " + String.join(", ", allowed) + ")");
        }
      }
    }

    /** The members of an object in file order; an absent value has none. */
    List<Map.Entry<String, Node>> entries() {
      if (!present()) {
        return List.of();
      }
      List<Map.Entry<String, Node>> out = new ArrayList<>();
      for (Map.Entry<String, JsonElement> e : object().entrySet()) {
        if (!e.getKey().startsWith("_")) {
          out.add(Map.entry(e.getKey(), new Node(e.getValue(), path + "." + e.getKey())));
        }
      }
      return out;
    }

    String string() {
      if (!present() || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
        throw problem(present() ? "expected a string" : "missing");
      }
      return value.getAsString();
    }

    String string(String fallback) {
      return present() ? string() : fallback;
    }

    boolean bool(boolean fallback) {
      if (!present()) {
        return fallback;
      }
      if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
        throw problem("expected true or false");
      }
      return value.getAsBoolean();
    }

    int size() {
      if (!present()) {
        return 0;
      }
      if (!value.isJsonArray()) {
        throw problem("expected an array");
      }
      return value.getAsJsonArray().size();
    }

    Node item(int i) {
      return new Node(value.getAsJsonArray().get(i), path + "[" + i + "]");
    }

    /** An array of strings; an absent value is empty. */
    List<String> strings() {
      if (!present()) {
        return List.of();
      }
      if (!value.isJsonArray()) {
        throw problem("expected an array of strings");
      }
      List<String> out = new ArrayList<>();
      for (JsonElement e : value.getAsJsonArray()) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
          throw problem("expected an array of strings");
        }
        out.add(e.getAsString());
      }
      return out;
    }
  }
}
