package dev.pulldoctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.QueryDocumentSnapshot;
import dev.pulldoctor.sandbox.Sandbox;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive Terraform deploys ({@code target/pull-doctor-function.zip}) holds what the function
 * runs and nothing of the sandbox, the CLI or the dashboard (DESIGN.md §7), and the function runs
 * from it: the jar taken out of the zip, under the real Functions Framework invoker, diagnoses the
 * seed event against the sandbox in this JVM.
 */
class FunctionArchiveIT {
  static final String JAR_NAME = "pull-doctor-function.jar";

  @TempDir static Path unpacked;
  static Path zip;
  static Path jar;
  static List<String> jarEntries;

  @BeforeAll
  static void unpack() throws IOException {
    zip = Path.of(System.getProperty("pullDoctor.functionZip", "target/pull-doctor-function.zip"));
    assertThat(zip).as("run 'mvn package' first").exists();
    jar = unpacked.resolve(JAR_NAME);
    try (ZipFile z = new ZipFile(zip.toFile())) {
      ZipEntry entry = z.getEntry(JAR_NAME);
      assertThat(entry).as(zip + " holds " + JAR_NAME).isNotNull();
      try (InputStream in = z.getInputStream(entry)) {
        Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    try (JarFile j = new JarFile(jar.toFile())) {
      jarEntries = Collections.list(j.entries()).stream().map(ZipEntry::getName).toList();
    }
  }

  @Test
  void zip_holdsTheFunctionJarAlone_atItsRoot() throws IOException {
    // Cloud Functions builds a Java function from a JAR when it is the only one in its directory
    // (https://cloud.google.com/functions/docs/concepts/java-deploy#deploy_from_a_jar).
    try (ZipFile z = new ZipFile(zip.toFile())) {
      assertThat(Collections.list(z.entries()).stream().map(ZipEntry::getName))
          .containsExactly(JAR_NAME);
    }
  }

  @Test
  void functionJar_holdsTheEntryPoint_andNoSandboxCliOrDashboard() {
    assertThat(jarEntries)
        .contains(
            "dev/pulldoctor/PullDoctorFunction.class",
            "dev/pulldoctor/setup/Config.class",
            "dev/pulldoctor/roles.json",
            "META-INF/services/io.grpc.NameResolverProvider")
        .noneMatch(e -> e.startsWith("dev/pulldoctor/sandbox/"))
        .noneMatch(e -> e.startsWith("dev/pulldoctor/cli/"))
        .noneMatch(e -> e.startsWith("dev/pulldoctor/dashboard/"))
        .noneMatch(e -> e.startsWith("picocli/"))
        .noneMatch(e -> e.startsWith("io/grpc/inprocess/"));
  }

  @Test
  void functionJar_underTheInvoker_diagnosesTheSeedEventAgainstTheSandbox() throws Exception {
    FirestoreEmulator emulator = FirestoreEmulator.get();
    emulator.reset();
    Sandbox sandbox = SharedSandbox.load("worlds/missing-reader.json");
    Map<String, String> env = new HashMap<>(emulator.env());
    env.put("PULL_DOCTOR_ENDPOINTS", sandbox.endpoint());
    try (InvokedFunction function = InvokedFunction.start(env, jar)) {
      HttpResponse<String> response =
          function.postStructured(FunctionInvokerIT.seedCloudEvent("archive-1"));
      assertThat(response.statusCode())
          .as(String.join("\n", function.snapshot()))
          .isBetween(200, 299);
      assertThat(String.join("\n", function.snapshot())).doesNotContain("NoClassDefFoundError");
    }
    List<QueryDocumentSnapshot> docs =
        emulator.client().collection("pullFindings").get().get().getDocuments();
    assertThat(docs)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getString("rootCause")).isEqualTo("NODE_SA_MISSING_READER");
              assertThat(d.getString("repository")).isEqualTo("acme-prod-417/us-central1/services");
            });
  }
}
