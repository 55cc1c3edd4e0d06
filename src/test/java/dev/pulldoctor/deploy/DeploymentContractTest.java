package dev.pulldoctor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.pulldoctor.gcp.ApiPermission;
import dev.pulldoctor.gcp.ApiPermission.Scope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Terraform module deploys what the code expects: the wiring sink → topic → trigger → function,
 * function.yaml's settings by reference, the roles of {@link ApiPermission} and no more, the
 * Firestore indexes of {@code firestore-indexes.json}, and the finding metric's labels. Read
 * offline from the HCL; {@code terraform validate} and {@code plan} need the provider, which cannot
 * be downloaded here.
 */
class DeploymentContractTest {

  private static final String MESSAGE_PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished";
  private static final Map<String, String> SINKS =
      Map.of(
          "google_logging_project_sink", "project",
          "google_logging_folder_sink", "folder",
          "google_logging_organization_sink", "organization");

  private final TerraformModule module = TerraformModule.load(TerraformModule.DIRECTORY);
  private final Map<String, Object> yaml = FunctionYaml.load();
  private final Hcl.Block function = module.onlyResource("google_cloudfunctions2_function");

  // --- wiring -----------------------------------------------------------------------------------

  @Test
  void sinks_publishToTheTopic_thatTheFunctionsTriggerSubscribesTo() {
    String topic = topicOf(function.block("event_trigger").attribute("pubsub_topic"));

    SINKS.forEach(
        (type, scope) -> {
          Hcl.Block sink = module.onlyResource(type);
          Hcl.Expression destination = sink.attribute("destination");
          assertThat(destination.text()).as(type).startsWith("\"pubsub.googleapis.com/${");
          assertThat(topicOf(destination)).as(type + " destination").isEqualTo(topic);
        });
  }

  @Test
  void sinks_exactlyOneExists_chosenBySinkScope() {
    SINKS.forEach(
        (type, scope) -> {
          Hcl.Conditional count =
              module
                  .onlyResource(type)
                  .attribute("count")
                  .conditional()
                  .orElseThrow(() -> new AssertionError(type + ".count is not a condition"));
          assertThat(count.condition().normalized())
              .isEqualTo("var.sink.scope == \"" + scope + "\"");
          assertThat(count.then().normalized()).isEqualTo("1");
          assertThat(count.otherwise().normalized()).isEqualTo("0");
        });
    assertThat(
            module
                .onlyResource("google_logging_folder_sink")
                .attribute("include_children")
                .normalized())
        .isEqualTo("var.sink.include_children");
    assertThat(
            module
                .onlyResource("google_logging_organization_sink")
                .attribute("include_children")
                .normalized())
        .isEqualTo("var.sink.include_children");
  }

  @Test
  void sinkWriterIdentity_mayPublishToTheTopic() {
    String topic = topicOf(function.block("event_trigger").attribute("pubsub_topic"));
    List<Hcl.Block> publishers =
        module.resources("google_pubsub_topic_iam_member").stream()
            .filter(r -> r.attribute("role").string().equals("roles/pubsub.publisher"))
            .toList();
    assertThat(publishers).hasSize(1);
    Hcl.Block publisher = publishers.get(0);

    assertThat(topicOf(publisher.attribute("topic"))).isEqualTo(topic);
    Set<String> member = module.deepReferences(publisher.attribute("member"));
    SINKS
        .keySet()
        .forEach(
            type ->
                assertThat(member)
                    .as("the publisher is the writer identity of %s", type)
                    .anyMatch(r -> r.startsWith(type + ".") && r.endsWith(".writer_identity")));
    assertThat(
            module
                .onlyResource("google_logging_project_sink")
                .attribute("unique_writer_identity")
                .normalized())
        .isEqualTo("true");
  }

  @Test
  void sinkFilter_isFunctionYamlsLogFilter_byReference() {
    SINKS
        .keySet()
        .forEach(
            type -> {
              Hcl.Expression filter = module.onlyResource(type).attribute("filter");
              assertThat(yamlPath(filter)).as(type + ".filter").isEqualTo(List.of("logFilter"));
              assertThat(yamlValue(filter)).isEqualTo(yaml.get("logFilter"));
            });
  }

  @Test
  void trigger_isPubSubMessagePublished_deliveredAsItsOwnAccountThatMayInvokeTheFunction() {
    Hcl.Block trigger = function.block("event_trigger");
    assertThat(trigger.attribute("event_type").string()).isEqualTo(MESSAGE_PUBLISHED);

    String triggerAccount = account(trigger.attribute("service_account_email"));
    assertThat(triggerAccount).isNotEqualTo(pullDoctorAccount());

    List<Hcl.Block> invokers = new ArrayList<>();
    invokers.addAll(module.resources("google_cloud_run_v2_service_iam_member"));
    invokers.addAll(module.resources("google_cloud_run_service_iam_member"));
    assertThat(invokers).hasSize(1);
    Hcl.Block invoker = invokers.get(0);
    assertThat(invoker.attribute("role").string()).isEqualTo("roles/run.invoker");
    assertThat(
            TerraformModule.mentions(
                module.deepReferences(invoker.attribute("member")), triggerAccount))
        .isTrue();
    Hcl.Expression service =
        invoker.optionalAttribute("name").orElseGet(() -> invoker.attribute("service"));
    assertThat(service.references()).anyMatch(r -> r.startsWith(address(function) + "."));
  }

  @Test
  void retryPolicy_isFunctionYamlsRetry() {
    Hcl.Expression retry = function.block("event_trigger").attribute("retry_policy");

    assertThat(yamlPath(retry)).isEqualTo(List.of("retryPolicy"));
    assertThat(yamlValue(retry)).isEqualTo("RETRY_POLICY_RETRY");
  }

  @Test
  void function_takesItsNameRuntimeEntryPointAndSizing_fromFunctionYaml() {
    Hcl.Block build = function.block("build_config");
    Hcl.Block service = function.block("service_config");
    Map<Hcl.Expression, String> expected = new LinkedHashMap<>();
    expected.put(function.attribute("name"), "name");
    expected.put(build.attribute("runtime"), "runtime");
    expected.put(build.attribute("entry_point"), "entryPoint");
    expected.put(service.attribute("available_memory"), "memory");
    expected.put(service.attribute("timeout_seconds"), "timeoutSeconds");
    expected.put(service.attribute("max_instance_count"), "maxInstances");
    expected.put(service.attribute("min_instance_count"), "minInstances");
    expected.put(service.attribute("max_instance_request_concurrency"), "concurrency");
    expected.put(service.attribute("available_cpu"), "cpu");

    expected.forEach(
        (expression, key) ->
            assertThat(yamlPath(expression)).as(expression.where()).isEqualTo(List.of(key)));
    assertThat(account(service.attribute("service_account_email"))).isEqualTo(pullDoctorAccount());
  }

  @Test
  void environment_isFunctionYamlsThenOverrides_withLogExecutionIdLast() {
    Hcl.Expression variables = function.block("service_config").attribute("environment_variables");
    String local = TerraformModule.localName(variables.soleReference().orElseThrow());
    Hcl.Expression environment = module.local(local);
    String text = environment.normalized();

    assertThat(environment.references()).contains("local." + yamlLocal() + ".environment");
    int overrides = text.indexOf("var.environment_overrides");
    int logExecutionId = text.indexOf("LOG_EXECUTION_ID = \"true\"");
    assertThat(overrides).as("overrides are merged in").isPositive();
    assertThat(logExecutionId)
        .as("LOG_EXECUTION_ID = \"true\" is merged in last")
        .isGreaterThan(overrides);
    assertThat(
            module
                .variable("environment_overrides")
                .block("validation")
                .attribute("condition")
                .stringLiterals())
        .contains("LOG_EXECUTION_ID");
  }

  // --- permissions ------------------------------------------------------------------------------

  @Test
  void everyPermissionTheCodeNeeds_isInARoleGrantedAtItsScope() {
    Map<Scope, Set<String>> granted = grantedRoles();

    assertThat(
            PermissionCoverage.uncovered(
                PermissionCoverage.needsOfTheCode(),
                granted,
                CustomRoles.roleTableWithCustomRoles()))
        .as("permissions of ApiPermission that no role granted by terraform/ covers")
        .isEmpty();
  }

  @Test
  void grantedRoles_areExactlyThoseApiPermissionNames_scopeByScope() {
    Map<Scope, Set<String>> granted = grantedRoles();

    for (Scope scope : Scope.values()) {
      // The inspected projects and the remediation repositories get the two generated custom
      // roles; the host project and the node accounts the predefined roles the table names.
      Set<String> named =
          switch (scope) {
            // The organization's role, or the project's (without folder and organization reads).
            case FLEET -> Set.of(CustomRoles.INSPECTOR, CustomRoles.INSPECTOR + "-in-project");
            // Only the organization's: a project's custom role cannot hold these reads.
            case HIERARCHY -> Set.of(CustomRoles.INSPECTOR);
            case REMEDIATION ->
                Set.of(CustomRoles.REMEDIATOR, CustomRoles.REMEDIATOR + "-in-project");
            default ->
                Arrays.stream(ApiPermission.values())
                    .filter(p -> p.scope() == scope && p.role() != null)
                    .map(ApiPermission::role)
                    .collect(Collectors.toCollection(TreeSet::new));
          };
      assertThat(granted.get(scope))
          .as("roles granted to Pull Doctor at %s", scope)
          .containsExactlyInAnyOrderElementsOf(named);
    }
  }

  @Test
  void grants_areAdditive_neverAuthoritativeBindingsOrPolicies() {
    assertThat(module.resources())
        .map(r -> r.labels().get(0))
        .noneMatch(type -> type.endsWith("_iam_binding") || type.endsWith("_iam_policy"));
  }

  @Test
  void remediationAdminAndTokenCreator_areGrantedOnlyWhenTheirVariablesAsk() {
    assertThat(Grants.ungatedPrivilegedGrants(module)).isEmpty();

    List<Grants.Grant> grants = Grants.of(module, pullDoctorAccount());
    assertThat(grants)
        .as("the remediation grant exists, behind its gate")
        .anyMatch(g -> g.roles().contains(Grants.REMEDIATION_ROLE));
    assertThat(grants)
        .as("the impersonation grant exists, behind its gate")
        .anyMatch(g -> g.roles().contains(Grants.TOKEN_CREATOR_ROLE));
  }

  @Test
  void byDefault_remediationDoesNotApply_andNoAccountIsImpersonated() {
    assertThat(FunctionYaml.environment(yaml).get("REMEDIATION_MODE")).isNotEqualTo("apply");
    Hcl.Block remediation = module.variable("remediation");
    assertThat(remediation.attribute("type").normalized())
        .as("remediation.mode has no default of its own: function.yaml's applies")
        .containsPattern("mode = optional\\(string\\)(?!,)");
    assertThat(remediation.attribute("default").normalized()).isEqualTo("{}");
    assertThat(module.variable("impersonation_service_accounts").attribute("default").normalized())
        .isEqualTo("[]");
  }

  @Test
  void requiredApis_includeEveryServiceTheCodeCalls() {
    List<String> services = module.local("services").stringList();
    Hcl.Block apis = module.onlyResource("google_project_service");

    assertThat(module.deepLocals(apis.attribute("for_each"))).contains("services");
    assertThat(services).doesNotHaveDuplicates();
    Arrays.stream(ApiPermission.values())
        .forEach(p -> assertThat(services).as("required APIs").contains(p.service()));
    assertThat(services)
        .contains(
            "cloudfunctions.googleapis.com",
            "run.googleapis.com",
            "eventarc.googleapis.com",
            "pubsub.googleapis.com",
            "cloudbuild.googleapis.com");
  }

  // --- Firestore --------------------------------------------------------------------------------

  @Test
  void indexFile_listsTheDashboardQueries_eachBesideTheIndexItImplies() {
    FirestoreIndexFile file = FirestoreIndexFile.load();
    String findings = (String) FunctionYaml.environment(yaml).get("FINDINGS_COLLECTION");
    List<FirestoreIndexFile.Order> newestFirst =
        List.of(new FirestoreIndexFile.Order("lastSeen", "DESCENDING"));

    List<List<String>> expectedEqualities =
        List.of(
            List.of("status"),
            List.of("rootCause"),
            List.of("cluster"),
            List.of("clusterProject"),
            List.of("status", "rootCause"),
            List.of("status", "cluster"),
            List.of("status", "clusterProject"));
    assertThat(file.indexes()).hasSameSizeAs(expectedEqualities);
    expectedEqualities.forEach(
        where ->
            assertThat(file.indexFor(findings, where, newestFirst))
                .as("an index for %s ordered by lastSeen desc", where)
                .isPresent());
    file.indexes()
        .forEach(
            index -> {
              assertThat(index.collection()).isEqualTo(findings);
              assertThat(index.fields()).as(index.name()).isEqualTo(index.impliedFields());
            });
    assertThat(file.indexes()).extracting(FirestoreIndexFile.Index::name).doesNotHaveDuplicates();
    assertThat(file.ttl().collection())
        .isEqualTo(FunctionYaml.environment(yaml).get("EVENTS_COLLECTION"));
    assertThat(file.ttl().field()).isEqualTo("expireAt");
  }

  @Test
  void terraformCreates_exactlyTheIndexesOfTheIndexFile() {
    Hcl.Block index = module.onlyResource("google_firestore_index");
    String layout = indexFileLocal();

    Hcl.Expression forEach = index.attribute("for_each");
    String indexesLocal = TerraformModule.localName(forEach.soleReference().orElseThrow());
    Hcl.Expression indexes = module.local(indexesLocal);
    assertThat(indexes.references()).contains("local." + layout + ".indexes");
    assertThat(indexes.normalized())
        .as("one index per entry, keyed by its name")
        .matches("\\{ for (\\w+) in local\\." + layout + "\\.indexes : \\1\\.name => \\1 \\}");
    assertThat(index.attribute("collection").normalized()).isEqualTo("each.value.collection");
    assertThat(index.attribute("query_scope").string()).isEqualTo("COLLECTION");
    assertThat(index.attribute("database").references()).contains("local.firestore_database");

    Hcl.Block fields =
        index.blocks("dynamic").stream()
            .filter(b -> b.labels().equals(List.of("fields")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no dynamic \"fields\" block"));
    assertThat(fields.attribute("for_each").normalized()).isEqualTo("each.value.fields");
    Hcl.Block content = fields.block("content");
    assertThat(content.attribute("field_path").normalized()).isEqualTo("fields.value.fieldPath");
    assertThat(content.attribute("order").normalized()).isEqualTo("fields.value.order");
    assertThat(index.blocks("fields")).as("no index fields written by hand").isEmpty();
  }

  @Test
  void eventRecords_expireAtTheirTtlField_whichIsExemptFromIndexing() {
    Hcl.Block ttl = module.onlyResource("google_firestore_field");
    String layout = indexFileLocal();

    assertThat(ttl.attribute("collection").normalized())
        .isEqualTo("local." + layout + ".ttl.collection");
    assertThat(ttl.attribute("field").normalized()).isEqualTo("local." + layout + ".ttl.field");
    assertThat(ttl.block("ttl_config").attributes()).isEmpty();
    Hcl.Block exemption = ttl.block("index_config");
    assertThat(exemption.attributes()).isEmpty();
    assertThat(exemption.blocks()).as("an empty index_config exempts the field").isEmpty();
  }

  // --- monitoring -------------------------------------------------------------------------------

  @Test
  void findingMetric_countsTheFindingLine_labelledFromItsFields() {
    Hcl.Block metric = module.onlyResource("google_logging_metric");
    Hcl.Expression filter = metric.attribute("filter");
    String filterLocal = TerraformModule.localName(filter.soleReference().orElseThrow());
    assertThat(module.local(filterLocal).string())
        .isEqualTo("jsonPayload.event=\"pull_doctor_finding\"");

    Hcl.Block labels =
        metric.block("metric_descriptor").blocks("dynamic").stream()
            .filter(b -> b.labels().equals(List.of("labels")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no dynamic \"labels\" block"));
    String labelsLocal =
        TerraformModule.localName(labels.attribute("for_each").soleReference().orElseThrow());
    assertThat(module.local(labelsLocal).objectKeys())
        .contains("rootCause", "cluster", "nodePool", "repository");
    assertThat(labels.block("content").attribute("key").normalized()).isEqualTo("labels.key");
    assertThat(metric.attribute("label_extractors").normalized())
        .matches(
            "\\{ for (\\w+) in keys\\(local\\."
                + labelsLocal
                + "\\) : \\1 => \"EXTRACT\\(jsonPayload\\.\\$\\{\\1\\}\\)\" \\}");
  }

  @Test
  void alertPolicy_firesOnOpenFindings_andNotifiesTheChannelsGiven() {
    Hcl.Block alert = module.onlyResource("google_monitoring_alert_policy");
    Hcl.Expression filter =
        alert.block("conditions").block("condition_threshold").attribute("filter");

    assertThat(alert.attribute("notification_channels").normalized())
        .isEqualTo("var.notification_channels");
    assertThat(module.deepReferences(filter)).anyMatch(r -> r.startsWith("google_logging_metric."));
    assertThat(filter.stringLiterals()).contains("metric.label.status=\"OPEN\"");
    assertThat(module.resources("google_monitoring_dashboard")).hasSize(1);
  }

  // --- the module's interface -------------------------------------------------------------------

  @Test
  void variables_areInVariablesTf_alphabetical_typedAndDescribed() {
    List<Hcl.Block> variables = module.blocks("variable");
    List<String> names = variables.stream().map(v -> v.labels().get(0)).toList();

    assertThat(names).isSorted();
    variables.forEach(
        v -> {
          assertThat(v.file()).as(v.labels().get(0)).isEqualTo("variables.tf");
          assertThat(v.attribute("description").string()).as(v.labels().get(0)).isNotBlank();
          assertThat(v.attributes()).as(v.labels().get(0)).containsKey("type");
        });
    for (String fixedChoices : List.of("access_check_method", "remediation", "sink")) {
      assertThat(module.variable(fixedChoices).blocks("validation")).as(fixedChoices).isNotEmpty();
    }
  }

  @Test
  void outputs_areInOutputsTf_alphabeticalAndDescribed() {
    List<Hcl.Block> outputs = module.blocks("output");
    List<String> names = outputs.stream().map(o -> o.labels().get(0)).toList();

    assertThat(names)
        .isSorted()
        .contains("function", "service_account", "sink_writer_identity", "topic");
    outputs.forEach(
        o -> {
          assertThat(o.file()).isEqualTo("outputs.tf");
          assertThat(o.attribute("description").string()).as(o.labels().get(0)).isNotBlank();
        });
  }

  @Test
  void examples_areRootModulesUsingThisModule() {
    for (String example : List.of("project", "organization")) {
      TerraformModule root =
          TerraformModule.load(TerraformModule.DIRECTORY.resolve("examples").resolve(example));
      List<Hcl.Block> modules = root.blocks("module");
      assertThat(modules).as(example).hasSize(1);
      Hcl.Block call = modules.get(0);
      assertThat(call.attribute("source").string()).isEqualTo("../..");
      assertThat(call.attributes())
          .as(example)
          .containsKeys("project_id", "region", "inspected_projects", "source_archive_path");
      assertThat(root.blocks("provider")).as(example).isNotEmpty();
    }
    Hcl.Block organization =
        TerraformModule.load(TerraformModule.DIRECTORY.resolve("examples/organization"))
            .blocks("module")
            .get(0);
    assertThat(organization.attribute("sink").normalized()).contains("scope = \"organization\"");
  }

  /**
   * What the examples deploy is the zip {@code mvn package} builds for the function (pom.xml,
   * execution {@code function-zip}), not the CLI's jar; FunctionArchiveIT checks its content.
   */
  @Test
  void examples_deployTheFunctionZip_thatTheReadmeBuilds() throws IOException {
    for (String example : List.of("project", "organization")) {
      Hcl.Block call =
          TerraformModule.load(TerraformModule.DIRECTORY.resolve("examples").resolve(example))
              .blocks("module")
              .get(0);
      assertThat(call.attribute("source_archive_path").normalized())
          .as(example)
          .isEqualTo("\"${path.module}/../../../target/pull-doctor-function.zip\"");
    }
    String readme = Files.readString(TerraformModule.DIRECTORY.resolve("README.md"));
    assertThat(readme)
        .contains("mvn -B -DskipTests package\n")
        .doesNotContain("-C target pull-doctor.jar");
    String pom = Files.readString(Path.of("pom.xml"));
    assertThat(pom)
        .contains("<id>function-zip</id>")
        .contains("<finalName>pull-doctor-function</finalName>");
  }

  @Test
  void readme_roleTable_isTheOneApiPermissionImplies() throws IOException {
    String readme = Files.readString(TerraformModule.DIRECTORY.resolve("README.md"));
    String begin = "<!-- roles:begin (generated from ApiPermission; DeploymentContractTest) -->\n";
    String end = "<!-- roles:end -->";
    int from = readme.indexOf(begin);
    int to = readme.indexOf(end);
    assertThat(from).as("terraform/README.md has the marker %s", begin.strip()).isNotNegative();
    assertThat(to).isGreaterThan(from);

    assertThat(readme.substring(from + begin.length(), to))
        .as("the role table in terraform/README.md; replace it with the expected text")
        .isEqualTo(roleTable());
  }

  @Test
  void terraformFmt_findsNothingToChange() throws IOException, InterruptedException {
    Process process;
    try {
      process =
          new ProcessBuilder(
                  "terraform",
                  "fmt",
                  "-check",
                  "-recursive",
                  "-diff",
                  TerraformModule.DIRECTORY.toString())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new AssertionError(
          "terraform is not on PATH: the offline format check needs the"
              + " terraform CLI (fmt needs no provider and no network)",
          e);
    }
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("terraform fmt did not finish in 120 s");
    }
    assertThat(process.exitValue())
        .as(
            "terraform fmt -check -recursive terraform:%n%s",
            new String(out, StandardCharsets.UTF_8))
        .isZero();
  }

  // --- helpers ----------------------------------------------------------------------------------

  /** The role table for the README, one row per role and scope, in the table's order. */
  static String roleTable() {
    Map<List<Object>, List<ApiPermission>> rows = new LinkedHashMap<>();
    for (ApiPermission p : ApiPermission.values()) {
      if (p.role() != null) {
        for (Scope scope : p.scopes()) {
          rows.computeIfAbsent(List.of(p.role(), scope), k -> new ArrayList<>()).add(p);
        }
      }
    }
    StringBuilder out =
        new StringBuilder()
            .append("| Role | Granted on | For the calls | Permissions they need |\n")
            .append("|---|---|---|---|\n");
    rows.forEach(
        (key, calls) -> {
          Set<String> permissions =
              calls.stream()
                  .flatMap(c -> c.permissions().stream())
                  .collect(Collectors.toCollection(TreeSet::new));
          out.append("| `")
              .append(key.get(0))
              .append("` | ")
              .append(scopeText((Scope) key.get(1)))
              .append(" | ")
              .append(
                  calls.stream().map(c -> "`" + c.name() + "`").collect(Collectors.joining(", ")))
              .append(" | ")
              .append(
                  permissions.stream().map(p -> "`" + p + "`").collect(Collectors.joining(", ")))
              .append(" |\n");
        });
    return out.toString();
  }

  private static String scopeText(Scope scope) {
    return switch (scope) {
      case HOST -> "the host project (`project_id`)";
      case FLEET -> "each of `inspected_projects`";
      case REMEDIATION ->
          "each of `remediation.repositories`, only with `remediation.mode = \"apply\"`";
      case NODE_ACCOUNTS -> "each of `impersonation_service_accounts`";
      case HIERARCHY -> "each of `hierarchy_nodes` (folders, the organization)";
    };
  }

  private Map<Scope, Set<String>> grantedRoles() {
    return Grants.pullDoctorRolesByScope(Grants.of(module, pullDoctorAccount()));
  }

  /** {@code google_service_account.function}: the account the function runs as. */
  private String pullDoctorAccount() {
    return account(function.block("service_config").attribute("service_account_email"));
  }

  /** {@code google_service_account.x} for {@code google_service_account.x.email}. */
  private static String account(Hcl.Expression email) {
    String ref =
        email
            .soleReference()
            .orElseThrow(() -> new AssertionError(email.where() + ": not an account's email"));
    assertThat(ref).startsWith("google_service_account.").endsWith(".email");
    return ref.substring(0, ref.length() - ".email".length());
  }

  /** The one {@code google_pubsub_topic.x} an expression names. */
  private static String topicOf(Hcl.Expression e) {
    Set<String> topics =
        e.references().stream()
            .filter(r -> r.startsWith("google_pubsub_topic."))
            .map(r -> String.join(".", Arrays.asList(r.split("\\.")).subList(0, 2)))
            .collect(Collectors.toSet());
    assertThat(topics).as("topics named at %s", e.where()).hasSize(1);
    return topics.iterator().next();
  }

  private static String address(Hcl.Block resource) {
    return resource.labels().get(0) + "." + resource.labels().get(1);
  }

  /** The local that decodes function.yaml: {@code yamldecode(file(...function.yaml...))}. */
  private String yamlLocal() {
    List<String> found =
        module.locals().entrySet().stream()
            .filter(e -> e.getValue().normalized().startsWith("yamldecode(file("))
            .map(Map.Entry::getKey)
            .toList();
    assertThat(found).as("one local decodes function.yaml").hasSize(1);
    Hcl.Expression decode = module.local(found.get(0));
    assertThat(decode.references()).contains("var.function_yaml_path");
    assertThat(decode.text()).contains("/../function.yaml\"");
    return found.get(0);
  }

  /** The local that decodes firestore-indexes.json from inside the module. */
  private String indexFileLocal() {
    List<String> found =
        module.locals().entrySet().stream()
            .filter(
                e ->
                    e.getValue()
                        .normalized()
                        .equals("jsondecode(file(\"${path.module}/firestore-indexes.json\"))"))
            .map(Map.Entry::getKey)
            .toList();
    assertThat(found).as("one local decodes firestore-indexes.json").hasSize(1);
    return found.get(0);
  }

  /** For {@code local.function.a.b}: {@code [a, b]}, after checking it is function.yaml. */
  private List<String> yamlPath(Hcl.Expression e) {
    String ref =
        e.soleReference()
            .orElseThrow(
                () ->
                    new AssertionError(
                        e.where() + ": expected a reference to function.yaml, found " + e));
    String prefix = "local." + yamlLocal() + ".";
    assertThat(ref).as("%s refers to function.yaml", e.where()).startsWith(prefix);
    return List.of(ref.substring(prefix.length()).split("\\."));
  }

  /** The value in function.yaml that an expression refers to. */
  @SuppressWarnings("unchecked")
  private Object yamlValue(Hcl.Expression e) {
    Object value = yaml;
    for (String key : yamlPath(e)) {
      assertThat(value).as("%s in function.yaml", key).isInstanceOf(Map.class);
      value = ((Map<String, Object>) value).get(key);
    }
    return Objects.requireNonNull(value, () -> e + " is not in function.yaml");
  }
}
