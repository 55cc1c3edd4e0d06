package dev.pulldoctor.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulldoctor.FirestoreEmulator;
import dev.pulldoctor.domain.IncidentKey;
import dev.pulldoctor.domain.IncidentRepository;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.setup.Config;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The function's calls on the store load none of the high-level Firestore client, whose classes
 * cost a third of a second of cold start: checked in a fresh JVM, since this one has loaded that
 * client for other tests.
 */
class FirestoreClassLoadingTest {
  private final FirestoreEmulator emulator = FirestoreEmulator.get();

  @Test
  void theFunctionsCallsOnTheStore_loadNoClassOfTheHighLevelClient() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xlog:class+load=info:stdout");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(FunctionPath.class.getName());
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(emulator.env());
    pb.environment().put("FINDINGS_COLLECTION", "classLoadingFindings");
    pb.environment().put("EVENTS_COLLECTION", "classLoadingEvents");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).as(tail(out)).isZero();
    assertThat(out).contains("function path done");
    assertThat(out.lines().filter(l -> l.contains(" com.google.cloud.firestore.")).toList())
        .isEmpty();
  }

  private static String tail(String out) {
    List<String> lines = out.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  /** What the function does with the store for a new incident and a follow-on event. */
  public static final class FunctionPath {
    public static void main(String[] args) {
      Config config = Config.fromEnvironment();
      IncidentRepository store = FindingStores.incidents(config.store(), System.getenv());
      store.open();
      String run = Long.toString(System.nanoTime());
      PullFailure failure = StoreFixtures.failure("first-" + run, StoreFixtures.NOW);
      IncidentKey key = StoreFixtures.KEY;
      store.admit(
          key,
          failure,
          StoreFixtures.NOW,
          StoreFixtures.DIAGNOSIS_TTL,
          StoreFixtures.CLAIM_TIMEOUT);
      store.record(
          key, failure, StoreFixtures.verdict("NODE_SA_MISSING_READER"), StoreFixtures.NOW);
      store.release(key, failure.eventId());
      store.countFollowOn(
          StoreFixtures.failure(
              "follow-" + run,
              StoreFixtures.PROD,
              "shop",
              "checkout-7d9c8b6f4-q2xnv",
              StoreFixtures.NOW,
              true),
          StoreFixtures.NOW);
      System.out.println("function path done");
      System.exit(0);
    }
  }
}
