package dev.pulldoctor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.cloud.functions.CloudEventsFunction;
import dev.pulldoctor.setup.Config;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** function.yaml, the deployment's settings, agrees with the code it deploys. */
class FunctionYamlTest {

  private final Map<String, Object> yaml = FunctionYaml.load();

  @Test
  void environment_equalsConfigDefaults_exactlyAndInOrder() {
    Map<String, Object> environment = FunctionYaml.environment(yaml);

    assertThat(environment).containsExactlyEntriesOf(Config.DEFAULTS);
    assertThat(List.copyOf(environment.keySet())).isEqualTo(Config.names());
  }

  @Test
  void environment_valuesAreQuotedStrings() {
    FunctionYaml.environment(yaml)
        .forEach(
            (name, value) ->
                assertThat(value)
                    .as("%s must be a quoted string in function.yaml, is %s", name, value)
                    .isInstanceOf(String.class));
  }

  @Test
  void entryPoint_namesACloudEventsFunctionWithAPublicNoArgumentConstructor() {
    String entryPoint = (String) yaml.get("entryPoint");
    assertThat(entryPoint).isEqualTo("dev.pulldoctor.PullDoctorFunction");

    Class<?> type;
    try {
      // Not initialized: the entry point's constructor wires real Google clients.
      type = Class.forName(entryPoint, false, getClass().getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(
          "function.yaml's entryPoint "
              + entryPoint
              + " is not a class of this project (src/main/java/"
              + entryPoint.replace('.', '/')
              + ".java)",
          e);
    }
    assertThat(CloudEventsFunction.class.isAssignableFrom(type))
        .as("%s must implement CloudEventsFunction", entryPoint)
        .isTrue();
    assertThat(Modifier.isPublic(type.getModifiers())).as("%s is public", entryPoint).isTrue();
    try {
      assertThat(Modifier.isPublic(type.getConstructor().getModifiers())).isTrue();
    } catch (NoSuchMethodException e) {
      fail(
          "%s needs the public no-argument constructor that the Functions Framework calls",
          entryPoint);
    }
  }

  @Test
  void runtime_isJava17() {
    assertThat(yaml.get("runtime")).isEqualTo("java17");
  }

  @Test
  void retryPolicy_isRetry_soThatThrownTransientFailuresAreRedelivered() {
    assertThat(yaml.get("retryPolicy")).isEqualTo("RETRY_POLICY_RETRY");
    assertThat(Config.defaultsOnly().maxEventAge()).isPositive();
  }

  @Test
  void sizing_isExplicit() {
    assertThat(yaml.get("name")).isEqualTo("pull-doctor");
    assertThat(yaml.get("memory")).isEqualTo("512Mi");
    assertThat(yaml.get("minInstances")).isEqualTo(0);
    assertThat((Integer) yaml.get("maxInstances")).isPositive();
    // Concurrency above 1 needs at least one full vCPU on 2nd gen.
    assertThat((Integer) yaml.get("concurrency")).isGreaterThanOrEqualTo(2);
    assertThat(Double.parseDouble((String) yaml.get("cpu"))).isGreaterThanOrEqualTo(1.0);
    // Event-driven functions run for at most 540 s; one event needs several API deadlines.
    assertThat((Integer) yaml.get("timeoutSeconds"))
        .isBetween((int) (3 * Config.defaultsOnly().apiDeadline().toSeconds()), 540);
  }

  @Test
  void logFilter_selectsKubernetesEventsOfPodsAndClusters() {
    String filter = (String) yaml.get("logFilter");

    assertThat(filter)
        .contains("logName:\"/logs/events\"")
        .contains("resource.type=(\"k8s_pod\" OR \"k8s_cluster\")")
        .contains("jsonPayload.reason=(\"Failed\" OR \"BackOff\")")
        .doesNotContain("\n");
  }

  @Test
  void logFilter_messagePattern_acceptsImagePullEventsOnly() {
    Pattern message = messagePattern((String) yaml.get("logFilter"));

    List<String> pulls =
        List.of(
            "Failed to pull image"
                + " \"us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2\": rpc"
                + " error: code = Unknown desc = failed to pull and unpack image: 403 Forbidden",
            "Back-off pulling image"
                + " \"us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8\"",
            "Error: ErrImagePull",
            "Error: ImagePullBackOff");
    List<String> others =
        List.of(
            "Back-off restarting failed container checkout in pod checkout-7d9c8b6f4-q2xnv",
            "Error: InvalidImageName",
            "Error: ErrImagePullish",
            "Successfully assigned prod/checkout-7d9c8b6f4-q2xnv to"
                + " gke-prod-default-pool-a1b2-9xkz",
            "Container image \"busybox\" already present on machine and Failed to pull image"
                + " later");

    pulls.forEach(m -> assertThat(message.matcher(m).find()).as("selects: %s", m).isTrue());
    others.forEach(m -> assertThat(message.matcher(m).find()).as("ignores: %s", m).isFalse());
  }

  /** The RE2 pattern of {@code jsonPayload.message=~"..."}; RE2 and Java agree on this subset. */
  private static Pattern messagePattern(String filter) {
    Matcher m =
        Pattern.compile("jsonPayload\\.message=~\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(filter);
    assertThat(m.find()).as("the filter matches jsonPayload.message with =~").isTrue();
    return Pattern.compile(m.group(1).replace("\\\"", "\""));
  }
}
