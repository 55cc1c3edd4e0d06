package dev.pulldoctor.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.pulldoctor.domain.FailureKind;
import dev.pulldoctor.domain.PullAttempt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageClassifierTest {

  /** The shared corpus, or its copy in the test resources. */
  private static final Path CORPUS = dev.pulldoctor.Corpus.file("messages.tsv");

  private static final String TABLE = "/classify/messages.tsv";

  /**
   * Today's wording (kubelet since #127918, containerd 2, Artifact Registry), with a source per
   * row.
   */
  private static final String TABLE_2025 = "/classify/messages-2025.tsv";

  private static final String HEADER = "failureKind\tmessage";
  private static final String HEADER_WITH_SOURCE = "failureKind\tsource\tmessage";
  private static final String FOLLOW_ON_KIND = "FOLLOW_ON";

  private static final String AR = "us-central1-docker.pkg.dev/acme-prod-417/services/checkout";
  private static final String CAUSE_403 =
      "Failed to pull image \""
          + AR
          + ":1.8.2\": rpc error: code = Unknown desc = failed to pull and unpack image \""
          + AR
          + ":1.8.2\": failed to resolve reference \""
          + AR
          + ":1.8.2\": pulling from host us-central1-docker.pkg.dev failed with status code"
          + " [manifests 1.8.2]: 403 Forbidden";

  /**
   * One line of a table: where it is, the kind it must get, its source (may be empty), the message.
   */
  record Row(String where, String expected, String source, String message) {}

  @Test
  void classify_getsEveryRowOfTheSharedCorpusRight() throws IOException {
    assertThat(CORPUS).as("the shared corpus").exists();
    assertAllRowsClassified(rows(CORPUS.toString(), Files.readString(CORPUS)));
  }

  @Test
  void classify_getsEveryRowOfTheMessageTableRight() throws IOException {
    assertAllRowsClassified(rows(TABLE, table(TABLE)));
  }

  @Test
  void classify_getsEveryRowOfTodaysWordingRight() throws IOException {
    assertAllRowsClassified(rows(TABLE_2025, table(TABLE_2025)));
  }

  @Test
  void todaysWordingTable_namesAPublicSourceForEveryRow() throws IOException {
    List<Row> rows = rows(TABLE_2025, table(TABLE_2025));
    assertThat(rows).hasSizeGreaterThanOrEqualTo(60);
    assertThat(rows)
        .as("rows without a source")
        .allSatisfy(row -> assertThat(row.source()).as(row.where()).isNotBlank());
  }

  @Test
  void messageTable_holdsEveryCorpusRowVerbatim() throws IOException {
    Set<String> table = new HashSet<>(table(TABLE).lines().toList());
    List<String> missing =
        Files.readString(CORPUS).lines().filter(line -> !table.contains(line)).toList();
    assertThat(missing).as("corpus rows missing from %s", TABLE).isEmpty();
  }

  @Test
  void messageTables_coverEveryKindWithSeveralRealMessages() throws IOException {
    List<Row> rows = new ArrayList<>(rows(TABLE, table(TABLE)));
    rows.addAll(rows(TABLE_2025, table(TABLE_2025)));
    Map<FailureKind, Integer> perKind = new EnumMap<>(FailureKind.class);
    int followOns = 0;
    for (Row row : rows) {
      if (row.expected().equals(FOLLOW_ON_KIND)) {
        followOns++;
      } else {
        perKind.merge(FailureKind.valueOf(row.expected()), 1, Integer::sum);
      }
    }
    assertThat(rows).hasSizeGreaterThanOrEqualTo(120);
    assertThat(followOns).isGreaterThanOrEqualTo(3);
    for (FailureKind kind : FailureKind.values()) {
      assertThat(perKind.getOrDefault(kind, 0)).as("rows for %s", kind).isGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void rules_haveUniqueNames() {
    Set<String> names = new HashSet<>(Set.of(MessageClassifier.NONE, MessageClassifier.FOLLOW_ON));
    for (MessageClassifier.Rule rule : MessageClassifier.RULES) {
      assertThat(names.add(rule.name())).as("duplicate rule name %s", rule.name()).isTrue();
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
"""
# message | kind | rule
Failed to pull image "us-central1-docker.pkg.dev/acme/tools/status:403": rpc error: code = NotFound desc = failed to pull and unpack image "us-central1-docker.pkg.dev/acme/tools/status:403": failed to resolve reference "us-central1-docker.pkg.dev/acme/tools/status:403": us-central1-docker.pkg.dev/acme/tools/status:403: not found | NOT_FOUND | trailing-not-found
Failed to pull image "us-central1-docker.pkg.dev/acme/svc404/http:404": rpc error: code = Unknown desc = failed to do request: Head "https://us-central1-docker.pkg.dev/v2/acme/svc404/http/manifests/404": dial tcp 10.0.0.1:443: i/o timeout | NETWORK | network
Failed to pull image "us-central1-docker.pkg.dev/acme/svc429/status:429": pulling from host us-central1-docker.pkg.dev failed with status code [manifests 429]: 403 Forbidden | PERMISSION_DENIED | status-forbidden
failed to resolve reference us-central1-docker.pkg.dev/acme/tools/http:401: unexpected status from HEAD request to https://us-central1-docker.pkg.dev/v2/acme/tools/http/manifests/401: 404 Not Found | NOT_FOUND | status-not-found
Failed to pull image "us-central1-docker.pkg.dev/acme/svc403/app:1.404": rpc error: code = Unknown desc = something the table does not know | UNKNOWN | none
Failed to pull image "gcr.io/acme/denied:1.0": rpc error: code = Unknown desc = failed to pull and unpack image "gcr.io/acme/denied:1.0": failed to resolve reference gcr.io/acme/denied:1.0: failed to do request: Head https://gcr.io/v2/acme/denied/manifests/1.0: dial tcp: lookup gcr.io: no such host | NETWORK | network
Failed to pull image "us-docker.pkg.dev/acme/unauthorized/toomanyrequests:x509": rpc error: code = Unknown desc = Error response from daemon: manifest for us-docker.pkg.dev/acme/unauthorized/toomanyrequests:x509 not found: manifest unknown: Failed to fetch "x509" | NOT_FOUND | manifest-unknown
Error response from daemon: manifest for us-central1-docker.pkg.dev/acme/svc401/app:403 not found: manifest unknown: Failed to fetch "403" from request "/v2/acme/svc401/app/manifests/403". | NOT_FOUND | manifest-unknown
failed to resolve reference "gcr.io/acme/app@sha256:4034290000000000000000000000000000000000000000000000000000000403": unexpected status from HEAD request to https://gcr.io/v2/acme/http/manifests/sha256:4034290000000000000000000000000000000000000000000000000000000403: 500 Internal Server Error | SERVER_ERROR | server-error
Failed to pull image "gcr.io/acme/svc412/app:412": failed to pull and unpack image "gcr.io/acme/svc412/app:412": failed to resolve reference "gcr.io/acme/svc412/app:412": gcr.io/acme/svc412/app:412: not found | NOT_FOUND | trailing-not-found
Failed to pull image "us-docker.pkg.dev/acme/r/app:1": failed to pull and unpack image "us-docker.pkg.dev/acme/r/app:1": failed to resolve reference "us-docker.pkg.dev/acme/r/app:1": unexpected status from HEAD request to https://us-docker.pkg.dev/v2/acme/r/app/manifests/1: 412 Precondition Failed | UNKNOWN | none
Failed to pull image "m.daocloud.io/gcr.io/acme/app:1": failed to pull and unpack image "m.daocloud.io/gcr.io/acme/app:1": failed to resolve reference "m.daocloud.io/gcr.io/acme/app:1": unexpected status from HEAD request to https://m.daocloud.io/v2/gcr.io/acme/app/manifests/1: 412 Precondition Failed | UNKNOWN | none
Failed to pull image "us-docker.pkg.dev/acme/svc503/app:1.500": failed to pull and unpack image "us-docker.pkg.dev/acme/svc503/app:1.500": failed to resolve reference "us-docker.pkg.dev/acme/svc503/app:1.500": unexpected status from HEAD request to https://us-docker.pkg.dev/v2/acme/svc503/app/manifests/1.500: 401 Unauthorized | UNAUTHORIZED | status-unauthorized
""")
  void classify_treatsDigitsInImageReferenceAsText(String message, FailureKind kind, String rule) {
    assertThat(MessageClassifier.classify(message))
        .isEqualTo(new Classification(kind, false, rule));
  }

  @Test
  void classify_findsACauseAtTheStartOfAHugeMessage() {
    String huge = CAUSE_403 + " " + "x".repeat(5 * 1024 * 1024);

    assertThat(MessageClassifier.classify(huge))
        .isEqualTo(new Classification(FailureKind.PERMISSION_DENIED, false, "status-forbidden"));
  }

  @Test
  void classify_findsACauseAtTheEndOfAHugeMessage() {
    String huge = "y".repeat(5 * 1024 * 1024) + " " + CAUSE_403;

    assertThat(MessageClassifier.classify(huge).kind()).isEqualTo(FailureKind.PERMISSION_DENIED);
  }

  @Test
  void classify_readsNoFurtherThanItsWindow_whenTheCauseIsBuriedInTheMiddle() {
    String padding = "z ".repeat(MessageClassifier.HEAD);
    String huge = padding + CAUSE_403 + padding;

    assertThat(MessageClassifier.classify(huge))
        .isEqualTo(new Classification(FailureKind.UNKNOWN, false, "none"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "\"",
        "\"a",
        "a.",
        "[manifests ",
        "https://a/",
        "Failed to pull image \"",
        "Back-off pulling image ",
        ": not found ",
        "Permission artifactregistry.",
        "status code ",
        "sha256:",
        "[",
        ", rpc error: code = ",
        "[x: y, failed to pull and unpack image ",
        "Back-off pulling image \"a\": ErrImagePull: ",
        "pull access denied for ",
        "external repository ",
        "https://gcr.io/ 412 Precondition Failed "
      })
  void classify_returnsPromptly_forFiveMegabytesOfOneRepeatedFragment(String fragment) {
    String huge = fragment.repeat(5 * 1024 * 1024 / fragment.length());

    Classification result = MessageClassifier.classify(huge);

    assertThat(result).isNotNull();
    assertThat(result.kind()).isNotNull();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "\t\n", "\u0000\u0001\u0002", "   \u2028  "})
  void classify_returnsUnknown_forNullEmptyOrBlankMessages(String message) {
    assertThat(MessageClassifier.classify(message))
        .isEqualTo(new Classification(FailureKind.UNKNOWN, false, "none"));
  }

  @Test
  void classify_readsControlCharactersAsSpaces() {
    String message =
        "failed to authorize: failed to fetch oauth token: unexpected"
            + " status:\u0000403\u0007Forbidden";

    assertThat(MessageClassifier.classify(message))
        .isEqualTo(new Classification(FailureKind.PERMISSION_DENIED, false, "token-forbidden"));
  }

  @Test
  void classify_neverThrows_onControlCharactersAndStrayQuotes() {
    StringBuilder junk = new StringBuilder();
    for (char c = 0; c < 0x80; c++) {
      junk.append(c).append('"').append(c).append("\\\"[x ").append(c);
    }
    String message = junk.toString().repeat(200);

    assertThat(MessageClassifier.classify(message)).isNotNull();
    assertThat(MessageClassifier.imageIn(message)).isNotNull();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "Error: ErrImagePull",
        "Error: ImagePullBackOff",
        "ErrImagePull",
        "ImagePullBackOff",
        "  Error: ErrImagePull\n",
        "Back-off pulling image"
            + " \"us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2\"",
        "Failed to pull image \"us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2\"",
        "Failed to pull image \"us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2\":"
      })
  void classify_marksCauseLessEventsAsFollowOn(String message) {
    assertThat(MessageClassifier.classify(message))
        .extracting(Classification::kind, Classification::followOn, Classification::rule)
        .containsExactly(FailureKind.UNKNOWN, true, "follow-on");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "Back-off pulling image \"us-central1-docker.pkg.dev/acme/services/app:1\"",
        "Back-off pulling image \"us-central1-docker.pkg.dev/acme/services/app:1\": ErrImagePull",
        "Back-off pulling image \"us-central1-docker.pkg.dev/acme/services/app:1\": ErrImagePull: ",
        "Back-off pulling image \"us-central1-docker.pkg.dev/acme/services/app:1\":"
      })
  void classify_marksACauseLessBackOffAsAFollowOnBackOff(String message) {
    assertThat(MessageClassifier.classify(message))
        .isEqualTo(new Classification(FailureKind.UNKNOWN, true, "follow-on", true, List.of()));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
"""
# cause after `Back-off pulling image "IMG": ` | kind | rule
ErrImagePull: 403 Forbidden | PERMISSION_DENIED | status-forbidden
ErrImagePull: rpc error: code = NotFound desc = failed to pull and unpack image "us-central1-docker.pkg.dev/acme/services/app:1": failed to resolve reference "us-central1-docker.pkg.dev/acme/services/app:1": us-central1-docker.pkg.dev/acme/services/app:1: not found | NOT_FOUND | trailing-not-found
ErrImagePull: failed to pull and unpack image "gcr.io/acme/app:1": failed to resolve reference "gcr.io/acme/app:1": unexpected status from HEAD request to https://gcr.io/v2/acme/app/manifests/1: 412 Precondition Failed | CONTAINER_REGISTRY_SHUTDOWN | container-registry-shutdown-status
RegistryUnavailable: image pull failed for us-central1-docker.pkg.dev/acme/services/app:1 because the registry is unavailable | NETWORK | network
ErrImagePull: something the table does not know | UNKNOWN | none
""")
  void classify_readsABackOffByTheCauseItCarries(String cause, FailureKind kind, String rule) {
    String message =
        "Back-off pulling image \"us-central1-docker.pkg.dev/acme/services/app:1\": " + cause;

    assertThat(MessageClassifier.classify(message))
        .isEqualTo(new Classification(kind, false, rule, true, List.of()));
  }

  @Test
  void classify_decidesByTheNodesAnswer_andKeepsThePullSecretsAnswers() {
    String message =
        "Failed to pull image \""
            + AR
            + ":1.8.2\": [rpc error: code = Unknown desc = failed to pull and unpack image \""
            + AR
            + ":1.8.2\": failed to resolve reference \""
            + AR
            + ":1.8.2\": failed to authorize: failed to fetch oauth token: unexpected status: 401"
            + " Unauthorized, rpc error: code = Unknown desc = Error response from daemon: pull"
            + " access denied for acme/app, repository does not exist or may require 'docker"
            + " login', "
            + CAUSE_403.substring(CAUSE_403.indexOf("rpc error"))
            + "]";

    Classification c = MessageClassifier.classify(message);

    assertThat(c.kind()).isEqualTo(FailureKind.PERMISSION_DENIED);
    assertThat(c.rule()).isEqualTo("status-forbidden");
    assertThat(c.followOn()).isFalse();
    assertThat(c.secretAttempts())
        .extracting(PullAttempt::kind, PullAttempt::rule)
        .containsExactly(
            tuple(FailureKind.UNAUTHORIZED, "token-unauthorized"),
            tuple(FailureKind.UNAUTHORIZED, "not-found-or-unauthorized-cannot-tell"));
    assertThat(c.secretAttempts().get(0).message())
        .startsWith("rpc error: code = Unknown desc = failed to pull and unpack image")
        .endsWith("401 Unauthorized");
  }

  @Test
  void classify_splitsOnlyBetweenAnswers_notAtTheCommasInsideOne() {
    String apiOff =
        "denied: Artifact Registry API has not been used in project 123456789012 before or it is"
            + " disabled. If you enabled this API recently, wait a few minutes for the action to"
            + " propagate to our systems and retry.";
    String message =
        "Failed to pull image \"us-docker.pkg.dev/acme/r/app:1\": [rpc error: code = Unknown desc ="
            + " unauthorized: authentication failed, rpc error: code = Unknown desc = "
            + apiOff
            + "]";

    Classification c = MessageClassifier.classify(message);

    assertThat(c.kind()).isEqualTo(FailureKind.API_DISABLED);
    assertThat(c.secretAttempts())
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.message())
                    .isEqualTo(
                        "rpc error: code = Unknown desc = unauthorized: authentication failed"));
  }

  @Test
  void classify_readsOneAnswerInBrackets_asThatAnswer() {
    Classification c =
        MessageClassifier.classify(
            "Failed to pull image \"gcr.io/acme/app:1\": [DEPRECATION NOTICE] Docker Image Format"
                + " v1 and Docker Image manifest version 2, schema 1 support is disabled by"
                + " default");

    assertThat(c)
        .isEqualTo(
            new Classification(FailureKind.UNSUPPORTED_MANIFEST, false, "unsupported-manifest"));
  }

  @Test
  void classify_findsTheNodesAnswerAtTheEndOfAHugeAggregate() {
    String secret =
        "rpc error: code = Unknown desc = failed to pull and unpack image \""
            + AR
            + ":1.8.2\": failed to resolve reference \""
            + AR
            + ":1.8.2\": failed to authorize: failed to fetch oauth token: unexpected status: 401"
            + " Unauthorized";
    String node = CAUSE_403.substring(CAUSE_403.indexOf("rpc error"));
    StringBuilder m = new StringBuilder("Failed to pull image \"" + AR + ":1.8.2\": [");
    for (int i = 0; i < 200; i++) {
      m.append(secret).append(", ");
    }
    m.append(node).append("]");

    Classification c = MessageClassifier.classify(m.toString());

    assertThat(m.length()).isGreaterThan(MessageClassifier.HEAD + MessageClassifier.TAIL);
    assertThat(c.kind()).isEqualTo(FailureKind.PERMISSION_DENIED);
    assertThat(c.secretAttempts())
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.kind()).isIn(FailureKind.UNAUTHORIZED, FailureKind.UNKNOWN));
  }

  @Test
  void classify_doesNotMarkTheFirstFailureAsFollowOn() {
    Classification result = MessageClassifier.classify(CAUSE_403);

    assertThat(result.followOn()).isFalse();
    assertThat(result.kind()).isEqualTo(FailureKind.PERMISSION_DENIED);
  }

  @Test
  void classify_prefersPlatformMismatch_overTheNotFoundItEndsWith() {
    String message =
        "failed to pull and unpack image \""
            + AR
            + ":1.8.2\": no match for platform in manifest:"
            + " not found";

    assertThat(MessageClassifier.classify(message))
        .isEqualTo(new Classification(FailureKind.PLATFORM_MISMATCH, false, "platform-mismatch"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
"""
# message | image
Failed to pull image "us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2": rpc error: code = Unknown desc = failed to pull and unpack image "other/image:2" | us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2
Back-off pulling image "gcr.io/acme-prod-417/checkout@sha256:4f380adfc10f4cd34f775ae57a17d2835385efd5251d6dfe0f246b0018fb0399" | gcr.io/acme-prod-417/checkout@sha256:4f380adfc10f4cd34f775ae57a17d2835385efd5251d6dfe0f246b0018fb0399
Pulling image "nginx" | nginx
failed to "StartContainer" for "app" with ImagePullBackOff: "Back-off pulling image \\"eu.gcr.io/acme/app:1\\"" | eu.gcr.io/acme/app:1
Failed to pull image "registry.local:5000/team/app:1" | registry.local:5000/team/app:1
""")
  void imageIn_returnsTheFirstImageQuotedAfterThePullPhrase(String message, String image) {
    assertThat(MessageClassifier.imageIn(message)).contains(image);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "Error: ErrImagePull",
        "Error: ImagePullBackOff",
        "Failed to pull image \"\": rpc error",
        "Failed to pull image \"has space/app:1\"",
        "Failed to pull image \"us-docker.pkg.dev/acme/services/app\u0001:1\"",
        "failed to pull and unpack image \"us-docker.pkg.dev/acme/services/app:1\"",
        "Successfully assigned prod/checkout to gke-prod-default-pool-a1b2c3d4-9xkz"
      })
  void imageIn_isEmpty_whenNoPullPhraseQuotesAnImage(String message) {
    assertThat(MessageClassifier.imageIn(message)).isEmpty();
  }

  @Test
  void imageIn_isEmpty_whenTheQuotedImageIsLongerThan2048Characters() {
    String message = "Failed to pull image \"gcr.io/acme/" + "a".repeat(2100) + "\": 403 Forbidden";

    assertThat(MessageClassifier.imageIn(message)).isEmpty();
  }

  @Test
  void imageIn_looksOnlyAtTheStartOfAHugeMessage() {
    String late = "x".repeat(MessageClassifier.HEAD) + "Failed to pull image \"nginx\"";

    assertThat(MessageClassifier.imageIn(late)).isEmpty();
    assertThat(MessageClassifier.imageIn(CAUSE_403 + "x".repeat(5 * 1024 * 1024)))
        .isEqualTo(Optional.of(AR + ":1.8.2"));
  }

  private static void assertAllRowsClassified(List<Row> rows) {
    assertThat(rows).isNotEmpty();
    List<String> failures = new ArrayList<>();
    for (Row row : rows) {
      boolean followOn = row.expected().equals(FOLLOW_ON_KIND);
      FailureKind kind = followOn ? FailureKind.UNKNOWN : FailureKind.valueOf(row.expected());
      Classification actual = MessageClassifier.classify(row.message());
      if (actual.kind() != kind || actual.followOn() != followOn) {
        failures.add(
            String.format(
                "%s: expected %s, got %s%s (rule %s)%n    %s",
                row.where(),
                row.expected(),
                actual.kind(),
                actual.followOn() ? " follow-on" : "",
                actual.rule(),
                row.message()));
      }
    }
    assertThat(failures).as("rows classified wrongly").isEmpty();
  }

  // failureKind<TAB>message, or failureKind<TAB>source<TAB>message under that header; the header,
  // blank lines and # comments are skipped.
  private static List<Row> rows(String source, String text) {
    List<Row> rows = new ArrayList<>();
    List<String> lines = text.lines().toList();
    boolean withSource = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.equals(HEADER_WITH_SOURCE)) {
        withSource = true;
        continue;
      }
      if (line.isBlank() || line.startsWith("#") || line.equals(HEADER)) {
        continue;
      }
      String[] cells = line.split("\t", withSource ? 3 : 2);
      assertThat(cells)
          .as("%s:%d has too few tabs: %s", source, i + 1, line)
          .hasSize(withSource ? 3 : 2);
      String where = source + ":" + (i + 1);
      rows.add(
          withSource
              ? new Row(where, cells[0], cells[1], cells[2])
              : new Row(where, cells[0], "", cells[1]));
    }
    return rows;
  }

  private static String table(String name) throws IOException {
    try (InputStream in = MessageClassifierTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
