package dev.pulldoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pulldoctor.SharedSandbox;
import dev.pulldoctor.diagnose.InvestigatorScenarioTest.Scenario;
import dev.pulldoctor.domain.RootCause;
import dev.pulldoctor.setup.Config;
import dev.pulldoctor.setup.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One world per cause of the repository modes, keys, cleanup policies, download rules and manifest
 * formats, and their near misses, diagnosed through the production adapters and Google's protos
 * against the sandbox. Each world's {@code _demo} (the image or message of the event that {@code
 * scripts/demo --scenario} delivers) is the event here too.
 */
public class RepositoryModesScenarioTest {

  /** The exact advice of each world: summary, commands and Terraform (STYLE.md 5). */
  record Expected(String summary, List<String> commands, String terraform) {}

  static final Map<String, Expected> ADVICE =
      Map.ofEntries(
          Map.entry(
              "cleanup-deleted",
              new Expected(
                  "checkout tag 1.8.2 is gone from repository acme-prod-417/us-central1/services,"
                      + " and the repository's active cleanup policy old-releases (DELETE, tag"
                      + " state TAGGED, tag prefixes 1.8, older than 2592000s) matches it (its age"
                      + " condition cannot be checked for a version that is gone); no KEEP policy"
                      + " protects it.",
                  List.of(
                      "gcloud artifacts repositories list-cleanup-policies services"
                          + " --location=us-central1 --project=acme-prod-417",
                      "gcloud artifacts repositories set-cleanup-policies services"
                          + " --location=us-central1 --project=acme-prod-417 --policy=POLICY_FILE"
                          + " --no-dry-run"),
                  "cleanup_policies {\n"
                      + "  id     = \"keep-checkout-1-8-2\"\n"
                      + "  action = \"KEEP\"\n"
                      + "  condition {\n"
                      + "    tag_state    = \"TAGGED\"\n"
                      + "      tag_prefixes = [\"1.8.2\"]\n"
                      + "  }\n"
                      + "}")),
          Map.entry(
              "cleanup-dry-run",
              new Expected(
                  "Repository acme-prod-417/us-central1/services exists and"
                      + " 123456789012-compute@developer.gserviceaccount.com may read it, but"
                      + " checkout has no tag 1.8.2.",
                  List.of(
                      "gcloud artifacts docker tags list"
                          + " us-central1-docker.pkg.dev/acme-prod-417/services/checkout"),
                  "")),
          Map.entry(
              "cleanup-kept",
              new Expected(
                  "Repository acme-prod-417/us-central1/services exists and"
                      + " 123456789012-compute@developer.gserviceaccount.com may read it, but"
                      + " checkout has no tag 1.8.2.",
                  List.of(
                      "gcloud artifacts docker tags list"
                          + " us-central1-docker.pkg.dev/acme-prod-417/services/checkout"),
                  "")),
          Map.entry(
              "cmek-agent-denied",
              new Expected(
                  "Repository acme-prod-417/us-central1/services is encrypted with Cloud KMS key"
                      + " projects/acme-prod-417/locations/us-central1/keyRings/registry/cryptoKeys/services,"
                      + " but the Artifact Registry service agent"
                      + " service-123456789012@gcp-sa-artifactregistry.iam.gserviceaccount.com"
                      + " holds no role with cloudkms.cryptoKeyVersions.useToDecrypt on it.",
                  List.of(
                      "gcloud kms keys add-iam-policy-binding services --keyring=registry"
                          + " --location=us-central1 --project=acme-prod-417"
                          + " --member=serviceAccount:service-123456789012@gcp-sa-artifactregistry.iam.gserviceaccount.com"
                          + " --role=roles/cloudkms.cryptoKeyEncrypterDecrypter"),
                  "resource \"google_kms_crypto_key_iam_member\" \"services_artifact_registry\" {\n"
                      + "  crypto_key_id ="
                      + " \"projects/acme-prod-417/locations/us-central1/keyRings/registry/cryptoKeys/services\"\n"
                      + "  role          = \"roles/cloudkms.cryptoKeyEncrypterDecrypter\"\n"
                      + "  member        ="
                      + " \"serviceAccount:service-123456789012@gcp-sa-artifactregistry.iam.gserviceaccount.com\"\n"
                      + "}")),
          Map.entry(
              "cmek-key-disabled",
              new Expected(
                  "Repository acme-prod-417/us-central1/services is encrypted with Cloud KMS key"
                      + " projects/acme-prod-417/locations/us-central1/keyRings/registry/cryptoKeys/services,"
                      + " whose primary version 1 is disabled: Artifact Registry cannot decrypt its"
                      + " images.",
                  List.of(
                      "gcloud kms keys versions enable 1 --key=services --keyring=registry"
                          + " --location=us-central1 --project=acme-prod-417"),
                  "")),
          Map.entry(
              "cmek-usable-node-denied",
              new Expected(
                  "Node pool default-pool of cluster prod runs as"
                      + " 123456789012-compute@developer.gserviceaccount.com, which holds no role"
                      + " with artifactregistry.repositories.downloadArtifacts on repository"
                      + " acme-prod-417/us-central1/services or its project, so kubelet's pulls are"
                      + " refused with 403.",
                  List.of(
                      "gcloud artifacts repositories add-iam-policy-binding services --location"
                          + " us-central1 --project acme-prod-417"
                          + " --member=serviceAccount:123456789012-compute@developer.gserviceaccount.com"
                          + " --role=roles/artifactregistry.reader"),
                  "resource \"google_artifact_registry_repository_iam_member\""
                      + " \"default_pool_reader\" {\n"
                      + "  project    = \"acme-prod-417\"\n"
                      + "  location   = \"us-central1\"\n"
                      + "  repository = \"services\"\n"
                      + "  role       = \"roles/artifactregistry.reader\"\n"
                      + "  member     ="
                      + " \"serviceAccount:123456789012-compute@developer.gserviceaccount.com\"\n"
                      + "}")),
          Map.entry(
              "download-rule-denied",
              new Expected(
                  "IAM lets 123456789012-compute@developer.gserviceaccount.com pull from"
                      + " acme-prod-417/us-central1/services, but the repository's rule"
                      + " no-legacy-checkout denies downloads of package checkout when"
                      + " pkg.version.id < '2.0' (it holds for 1.8.2).",
                  List.of(
                      "gcloud artifacts rules describe no-legacy-checkout --repository=services"
                          + " --location=us-central1 --project=acme-prod-417"),
                  "")),
          Map.entry(
              "gcr-not-migrated",
              new Expected(
                  "The image gcr.io/acme-prod-417/checkout:1.8.2 is on gcr.io, which Container"
                      + " Registry no longer serves: project acme-prod-417 has no gcr.io repository"
                      + " in Artifact Registry (acme-prod-417/us/gcr.io), so the pull fails.",
                  List.of("gcloud artifacts docker upgrade migrate --projects=acme-prod-417"),
                  "resource \"google_artifact_registry_repository\" \"gcr_io\" {\n"
                      + "  project       = \"acme-prod-417\"\n"
                      + "  location      = \"us\"\n"
                      + "  repository_id = \"gcr.io\"\n"
                      + "  format        = \"DOCKER\"\n"
                      + "}")),
          Map.entry(
              "remote-agent-denied",
              new Expected(
                  "Remote repository acme-prod-417/us-central1/services signs in to DOCKER_HUB with"
                      + " the password in projects/acme-prod-417/secrets/hub-token/versions/latest,"
                      + " but the Artifact Registry service agent"
                      + " service-123456789012@gcp-sa-artifactregistry.iam.gserviceaccount.com"
                      + " holds no role with secretmanager.versions.access on secret hub-token.",
                  List.of(
                      "gcloud secrets add-iam-policy-binding hub-token --project=acme-prod-417"
                          + " --member=serviceAccount:service-123456789012@gcp-sa-artifactregistry.iam.gserviceaccount.com"
                          + " --role=roles/secretmanager.secretAccessor"),
                  "resource \"google_secret_manager_secret_iam_member\""
                      + " \"hub_token_artifact_registry\" {\n"
                      + "  project   = \"acme-prod-417\"\n"
                      + "  secret_id = \"hub-token\"\n"
                      + "  role      = \"roles/secretmanager.secretAccessor\"\n"
                      + "  member    ="
                      + " \"serviceAccount:service-123456789012@gcp-sa-artifactregistry.iam.gserviceaccount.com\"\n"
                      + "}")),
          Map.entry(
              "remote-credential-disabled",
              new Expected(
                  "Remote repository acme-prod-417/us-central1/services signs in to DOCKER_HUB with"
                      + " the password in projects/acme-prod-417/secrets/hub-token/versions/latest,"
                      + " which is disabled: Artifact Registry cannot fetch the image from its"
                      + " upstream.",
                  List.of(
                      "gcloud secrets versions list hub-token --project=acme-prod-417",
                      "gcloud secrets versions enable VERSION_ID --secret=hub-token"
                          + " --project=acme-prod-417"),
                  "resource \"google_secret_manager_secret_version\" \"hub_token_version\" {\n"
                      + "  secret      = \"projects/acme-prod-417/secrets/hub-token\"\n"
                      + "  secret_data = var.upstream_password\n"
                      + "  enabled     = true\n"
                      + "}")),
          Map.entry(
              "remote-node-denied",
              new Expected(
                  "Node pool default-pool of cluster prod runs as"
                      + " 123456789012-compute@developer.gserviceaccount.com, which holds no role"
                      + " with artifactregistry.repositories.downloadArtifacts on repository"
                      + " acme-prod-417/us-central1/services or its project, so kubelet's pulls are"
                      + " refused with 403.",
                  List.of(
                      "gcloud artifacts repositories add-iam-policy-binding services --location"
                          + " us-central1 --project acme-prod-417"
                          + " --member=serviceAccount:123456789012-compute@developer.gserviceaccount.com"
                          + " --role=roles/artifactregistry.reader"),
                  "resource \"google_artifact_registry_repository_iam_member\""
                      + " \"default_pool_reader\" {\n"
                      + "  project    = \"acme-prod-417\"\n"
                      + "  location   = \"us-central1\"\n"
                      + "  repository = \"services\"\n"
                      + "  role       = \"roles/artifactregistry.reader\"\n"
                      + "  member     ="
                      + " \"serviceAccount:123456789012-compute@developer.gserviceaccount.com\"\n"
                      + "}")),
          Map.entry(
              "remote-upstream-failed",
              new Expected(
                  "Remote repository acme-prod-417/us-central1/services is set up correctly (the"
                      + " node may read it, its credential and VPC-SC configuration allow the"
                      + " upstream), but its upstream DOCKER_HUB refused the request: it answered"
                      + " 429 Too Many Requests.",
                  List.of(
                      "gcloud artifacts repositories describe services --location=us-central1"
                          + " --project=acme-prod-417"),
                  "")),
          Map.entry(
              "remote-upstream-blocked",
              new Expected(
                  "Remote repository acme-prod-417/us-central1/services cannot reach its upstream"
                      + " DOCKER_HUB: the VPC Service Controls configuration of project"
                      + " acme-prod-417 for us-central1 denies remote repositories their upstream.",
                  List.of(
                      "gcloud artifacts vpcsc-config describe --project=acme-prod-417"
                          + " --location=us-central1",
                      "gcloud artifacts vpcsc-config allow --project=acme-prod-417"
                          + " --location=us-central1"),
                  "resource \"google_artifact_registry_vpcsc_config\" \"us_central1_vpcsc\" {\n"
                      + "  provider     = google-beta\n"
                      + "  project      = \"acme-prod-417\"\n"
                      + "  location     = \"us-central1\"\n"
                      + "  vpcsc_policy = \"ALLOW\"\n"
                      + "}")),
          Map.entry(
              "remote-vpcsc-allowed-upstream-failed",
              new Expected(
                  "Remote repository acme-prod-417/us-central1/services is set up correctly (the"
                      + " node may read it, its credential and VPC-SC configuration allow the"
                      + " upstream), but its upstream DOCKER_HUB refused the request: it answered"
                      + " 429 Too Many Requests.",
                  List.of(
                      "gcloud artifacts repositories describe services --location=us-central1"
                          + " --project=acme-prod-417"),
                  "")),
          Map.entry(
              "remote-blocked-node-denied",
              new Expected(
                  "Node pool default-pool of cluster prod runs as"
                      + " 123456789012-compute@developer.gserviceaccount.com, which holds no role"
                      + " with artifactregistry.repositories.downloadArtifacts on repository"
                      + " acme-prod-417/us-central1/services or its project, so kubelet's pulls are"
                      + " refused with 403.",
                  List.of(
                      "gcloud artifacts repositories add-iam-policy-binding services --location"
                          + " us-central1 --project acme-prod-417"
                          + " --member=serviceAccount:123456789012-compute@developer.gserviceaccount.com"
                          + " --role=roles/artifactregistry.reader"),
                  "resource \"google_artifact_registry_repository_iam_member\""
                      + " \"default_pool_reader\" {\n"
                      + "  project    = \"acme-prod-417\"\n"
                      + "  location   = \"us-central1\"\n"
                      + "  repository = \"services\"\n"
                      + "  role       = \"roles/artifactregistry.reader\"\n"
                      + "  member     ="
                      + " \"serviceAccount:123456789012-compute@developer.gserviceaccount.com\"\n"
                      + "}")),
          Map.entry(
              "remote-vpcsc-unreadable",
              new Expected(
                  "Pull Doctor may not look at what it needs: GetVPCSCConfig"
                      + " projects/acme-prod-417/locations/us-central1/vpcscConfig was refused"
                      + " (artifactregistry.vpcscconfigs.get). Grant its account"
                      + " projects/acme-prod-417/roles/pullDoctorInspector.",
                  List.of(
                      "gcloud projects add-iam-policy-binding acme-prod-417"
                          + " --member=serviceAccount:PULL_DOCTOR_SERVICE_ACCOUNT"
                          + " --role=projects/acme-prod-417/roles/pullDoctorInspector"),
                  "")),
          Map.entry(
              "schema1-containerd1",
              new Expected(
                  "123456789012-compute@developer.gserviceaccount.com may pull from"
                      + " acme-prod-417/us-central1/services now: the grant was added meanwhile or"
                      + " IAM had not propagated yet.",
                  List.of(),
                  "")),
          Map.entry(
              "schema1-containerd2",
              new Expected(
                  "Node pool default-pool runs GKE 1.33.5-gke.1080000, whose containerd 2 no longer"
                      + " pulls Docker schema 1 images, and"
                      + " us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2 has a"
                      + " schema 1 manifest"
                      + " (application/vnd.docker.distribution.manifest.v1+prettyjws).",
                  List.of(
                      "docker build -t"
                          + " us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2 . &&"
                          + " docker push"
                          + " us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2",
                      "gcloud artifacts docker images describe"
                          + " us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2"
                          + " --format='value(image_summary.digest)'"),
                  "")),
          Map.entry(
              "virtual-image-missing",
              new Expected(
                  "Virtual repository acme-prod-417/us-central1/services searched its upstreams"
                      + " acme-prod-417/us-central1/apps (priority 200),"
                      + " acme-shared/us-central1/base (priority 100) in priority order, and none"
                      + " has checkout tag 1.8.2.",
                  List.of(
                      "gcloud artifacts docker tags list"
                          + " us-central1-docker.pkg.dev/acme-prod-417/apps/checkout",
                      "gcloud artifacts docker tags list"
                          + " us-central1-docker.pkg.dev/acme-shared/base/checkout"),
                  "")),
          Map.entry(
              "virtual-upstream-denied",
              new Expected(
                  "Virtual repository acme-prod-417/us-central1/services reads its upstream"
                      + " acme-shared/us-central1/base (policy shared-base, priority 100) as the"
                      + " Artifact Registry service agent"
                      + " service-123456789012@gcp-sa-artifactregistry.iam.gserviceaccount.com,"
                      + " which holds no role with"
                      + " artifactregistry.repositories.readViaVirtualRepository on it.",
                  List.of(
                      "gcloud artifacts repositories add-iam-policy-binding base --location"
                          + " us-central1 --project acme-shared"
                          + " --member=serviceAccount:service-123456789012@gcp-sa-artifactregistry.iam.gserviceaccount.com"
                          + " --role=roles/artifactregistry.reader"),
                  "resource \"google_artifact_registry_repository_iam_member\""
                      + " \"base_virtual_reader\" {\n"
                      + "  project    = \"acme-shared\"\n"
                      + "  location   = \"us-central1\"\n"
                      + "  repository = \"base\"\n"
                      + "  role       = \"roles/artifactregistry.reader\"\n"
                      + "  member     ="
                      + " \"serviceAccount:service-123456789012@gcp-sa-artifactregistry.iam.gserviceaccount.com\"\n"
                      + "}")));

  static Stream<Arguments> scenarios() {
    return Stream.of(
            row("cmek-key-disabled", RootCause.CMEK_KEY_UNUSABLE),
            row("cmek-agent-denied", RootCause.CMEK_KEY_UNUSABLE),
            row("cmek-usable-node-denied", RootCause.NODE_SA_MISSING_READER),
            row("cleanup-deleted", RootCause.IMAGE_DELETED_BY_CLEANUP),
            row("cleanup-dry-run", RootCause.IMAGE_NOT_FOUND),
            row("cleanup-kept", RootCause.IMAGE_NOT_FOUND),
            row("gcr-not-migrated", RootCause.CONTAINER_REGISTRY_NOT_MIGRATED),
            row("remote-credential-disabled", RootCause.REMOTE_UPSTREAM_CREDENTIALS),
            row("remote-agent-denied", RootCause.REMOTE_UPSTREAM_CREDENTIALS),
            row("remote-node-denied", RootCause.NODE_SA_MISSING_READER),
            row("remote-upstream-failed", RootCause.REMOTE_UPSTREAM_FAILED),
            row("remote-upstream-blocked", RootCause.REMOTE_UPSTREAM_BLOCKED),
            row("remote-vpcsc-allowed-upstream-failed", RootCause.REMOTE_UPSTREAM_FAILED),
            row("remote-blocked-node-denied", RootCause.NODE_SA_MISSING_READER),
            row("remote-vpcsc-unreadable", RootCause.INSPECTION_DENIED),
            row("virtual-upstream-denied", RootCause.VIRTUAL_UPSTREAM_DENIED),
            row("virtual-image-missing", RootCause.IMAGE_NOT_FOUND),
            row("download-rule-denied", RootCause.DOWNLOAD_RULE_DENIED),
            row("schema1-containerd2", RootCause.IMAGE_FORMAT_UNSUPPORTED),
            row("schema1-containerd1", RootCause.ACCESS_NOW_GRANTED))
        .map(s -> Arguments.of(s.world() + " -> " + s.cause(), s));
  }

  /** The world's scenario: the seed event, with the world's {@code _demo} image or message. */
  public static Scenario row(String world, RootCause cause) {
    Scenario s = new Scenario(world, cause);
    JsonObject demo = demo(world);
    if (demo.has("image")) {
      s = s.image(demo.get("image").getAsString());
    }
    if (demo.has("message")) {
      s = s.message(demo.get("message").getAsString());
    }
    return s;
  }

  static JsonObject demo(String world) {
    try (InputStream in =
        RepositoryModesScenarioTest.class.getResourceAsStream("/worlds/" + world + ".json")) {
      JsonObject w =
          JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
              .getAsJsonObject();
      return w.has("_demo") ? w.getAsJsonObject("_demo") : new JsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Diagnosis diagnose(Scenario s) {
    SharedSandbox.load("worlds/" + s.world() + ".json");
    try (Engine engine =
        new Engine(Config.defaultsOnly(), SharedSandbox.clients(), Clock.systemUTC())) {
      return engine.investigator().investigate(InvestigatorScenarioTest.failure(s));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void investigate_provesTheCause_orItsNearMiss(String name, Scenario s) {
    Diagnosis d = diagnose(s);

    assertThat(d.rootCause())
        .as(
            "root cause; summary: %s; evidence: %s",
            d.summary(), DiagnosisView.evidence(d.evidence()))
        .isEqualTo(s.cause());
    Expected expected = ADVICE.get(s.world());
    assertThat(d.summary()).isEqualTo(expected.summary());
    assertThat(d.advice().commands()).containsExactlyElementsOf(expected.commands());
    assertThat(d.advice().terraform()).isEqualTo(expected.terraform());
    assertThat(d.advice().automatic()).isEqualTo(s.cause().fixedByGrant());
  }

  /** The calls only some repositories need. */
  static final List<String> MODE_CALLS =
      List.of(
          "ArtifactRegistry/ListRules",
          "ArtifactRegistry/GetVPCSCConfig",
          "SecretManagerService/GetSecretVersion",
          "SecretManagerService/GetIamPolicy",
          "KeyManagementService/GetCryptoKey",
          "IAMPolicy/GetIamPolicy");

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "missing-reader",
        "cmek-usable-node-denied",
        "remote-node-denied",
        "access-granted"
      })
  void aNodeThatMayNotPull_orAStandardRepositoryWithoutTheTag_costsNoModeCall(String world) {
    Scenario s =
        new Scenario(world, RootCause.UNDETERMINED)
            .image(
                world.equals("access-granted")
                    ? "us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.9.0"
                    : InvestigatorScenarioTest.SEED_IMAGE);
    SharedSandbox.load("worlds/" + world + ".json");
    SharedSandbox.sandbox().calls().reset();
    try (Engine engine =
        new Engine(Config.defaultsOnly(), SharedSandbox.clients(), Clock.systemUTC())) {
      engine.investigator().investigate(InvestigatorScenarioTest.failure(s));
    }

    for (String call : MODE_CALLS) {
      assertThat(SharedSandbox.sandbox().calls().count(call)).as(call).isZero();
    }
  }

  @org.junit.jupiter.api.Test
  void aCmekRepository_readsItsKeyOnce_andARemoteOneItsCredentialOnce() {
    diagnose(row("cmek-agent-denied", RootCause.CMEK_KEY_UNUSABLE));
    // diagnose() loads the world, which starts fresh call counts.
    assertThat(SharedSandbox.sandbox().calls().count("KeyManagementService/GetCryptoKey"))
        .isEqualTo(1);
    assertThat(SharedSandbox.sandbox().calls().count("IAMPolicy/GetIamPolicy")).isEqualTo(1);

    diagnose(row("remote-agent-denied", RootCause.REMOTE_UPSTREAM_CREDENTIALS));
    assertThat(SharedSandbox.sandbox().calls().count("SecretManagerService/GetSecretVersion"))
        .isEqualTo(1);
    assertThat(SharedSandbox.sandbox().calls().count("KeyManagementService/GetCryptoKey")).isZero();
    assertThat(SharedSandbox.sandbox().calls().count("ArtifactRegistry/GetVPCSCConfig"))
        .isEqualTo(1);
  }

  @org.junit.jupiter.api.Test
  void aStandardOrCmekRepository_neverReadsTheVpcscConfig() {
    diagnose(row("cmek-agent-denied", RootCause.CMEK_KEY_UNUSABLE));
    assertThat(SharedSandbox.sandbox().calls().count("ArtifactRegistry/GetVPCSCConfig")).isZero();
    diagnose(row("download-rule-denied", RootCause.DOWNLOAD_RULE_DENIED));
    assertThat(SharedSandbox.sandbox().calls().count("ArtifactRegistry/GetVPCSCConfig")).isZero();
  }

  /**
   * The manifest's media type is read by name (DESIGN.md §10): a tag's GetTag names its digest,
   * whose GetDockerImage carries the type; a digest's own GetDockerImage already does. No paging.
   */
  @org.junit.jupiter.api.Test
  void theMediaTypeOfATag_isItsDigestsImage_readByName_withoutListingTheRepository() {
    Diagnosis d = diagnose(row("schema1-containerd2", RootCause.IMAGE_FORMAT_UNSUPPORTED));

    assertThat(d.rootCause()).isEqualTo(RootCause.IMAGE_FORMAT_UNSUPPORTED);
    assertThat(SharedSandbox.sandbox().calls().count("ArtifactRegistry/GetTag")).isEqualTo(1);
    assertThat(SharedSandbox.sandbox().calls().count("ArtifactRegistry/GetDockerImage"))
        .isEqualTo(1);
    assertThat(SharedSandbox.sandbox().calls().count("ArtifactRegistry/ListDockerImages")).isZero();
  }

  @org.junit.jupiter.api.Test
  void theMediaTypeOfADigest_comesWithTheLookUpThatFoundIt() throws Exception {
    String digest =
        "sha256:"
            + java.util.HexFormat.of()
                .formatHex(
                    java.security.MessageDigest.getInstance("SHA-256")
                        .digest("checkout:1.8.2".getBytes(StandardCharsets.UTF_8)));
    String image = "us-central1-docker.pkg.dev/acme-prod-417/services/checkout@" + digest;

    Diagnosis d =
        diagnose(
            new Scenario("schema1-containerd2", RootCause.IMAGE_FORMAT_UNSUPPORTED).image(image));

    assertThat(d.rootCause()).isEqualTo(RootCause.IMAGE_FORMAT_UNSUPPORTED);
    assertThat(SharedSandbox.sandbox().calls().count("ArtifactRegistry/GetDockerImage"))
        .isEqualTo(1);
    assertThat(SharedSandbox.sandbox().calls().count("ArtifactRegistry/GetTag")).isZero();
    assertThat(SharedSandbox.sandbox().calls().count("ArtifactRegistry/ListDockerImages")).isZero();
  }
}
