package dev.pulldoctor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.iam.credentials.v1.GenerateAccessTokenRequest;
import com.google.cloud.iam.credentials.v1.IamCredentialsClient;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import dev.pulldoctor.gcp.GaxClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * APIs billed to the caller's own project are off when that project is in the world without them.
 */
class SandboxConsumerApisTest {

  private static Sandbox sandbox;
  private static GaxClients clients;

  @BeforeAll
  static void start() throws Exception {
    sandbox = Sandbox.start(TestWorlds.load("consumer-off-world.json"));
    clients = GaxClients.sandbox(sandbox.endpoint());
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void consumerBoundApis_answerServiceDisabled_namingTheCallersProject() {
    try (ProjectsClient projects = clients.projects();
        IamCredentialsClient credentials = clients.iamCredentials()) {
      ApiException rm =
          catchThrowableOfType(ApiException.class, () -> projects.getProject("projects/acme-ops"));
      ApiException creds =
          catchThrowableOfType(
              ApiException.class,
              () ->
                  credentials.generateAccessToken(
                      GenerateAccessTokenRequest.newBuilder()
                          .setName(
                              "projects/-/serviceAccounts/pull-doctor@acme-ops.iam.gserviceaccount.com")
                          .addScope("https://www.googleapis.com/auth/cloud-platform")
                          .build()));

      for (ApiException e : new ApiException[] {rm, creds}) {
        assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.PERMISSION_DENIED);
        assertThat(e.getReason()).isEqualTo("SERVICE_DISABLED");
        assertThat(e.getMetadata()).containsEntry("consumer", "projects/999999999999");
      }
      assertThat(rm.getMetadata()).containsEntry("service", "cloudresourcemanager.googleapis.com");
      assertThat(creds.getMetadata()).containsEntry("service", "iamcredentials.googleapis.com");
    }
  }
}
