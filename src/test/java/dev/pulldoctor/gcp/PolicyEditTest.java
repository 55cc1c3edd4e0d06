package dev.pulldoctor.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.iam.v1.Binding;
import com.google.iam.v1.Policy;
import com.google.protobuf.ByteString;
import com.google.type.Expr;
import org.junit.jupiter.api.Test;

/**
 * Remediation's read-modify-write of a repository policy: every binding and condition kept, the
 * etag kept, version 3 whenever a condition is in the policy
 * (https://cloud.google.com/iam/docs/policies#versions).
 */
class PolicyEditTest {
  static final String NODE = "serviceAccount:123456789012-compute@developer.gserviceaccount.com";
  static final Binding CONDITIONAL_WRITER =
      Binding.newBuilder()
          .setRole("roles/artifactregistry.writer")
          .addMembers("serviceAccount:ci@acme-ci.iam.gserviceaccount.com")
          .setCondition(
              Expr.newBuilder()
                  .setTitle("until June")
                  .setExpression("request.time < timestamp('2026-06-01T00:00:00Z')"))
          .build();

  @Test
  void withMember_keepsConditionalBindings_andWritesVersion3() {
    Policy read =
        Policy.newBuilder()
            .setVersion(3)
            .setEtag(ByteString.copyFromUtf8("etag-1"))
            .addBindings(CONDITIONAL_WRITER)
            .build();

    Policy written =
        ArtifactRegistryPolicyEditor.withMember(read, "roles/artifactregistry.reader", NODE);

    assertThat(written.getVersion()).isEqualTo(3);
    assertThat(written.getEtag().toStringUtf8()).isEqualTo("etag-1");
    assertThat(written.getBindingsList())
        .containsExactly(
            CONDITIONAL_WRITER,
            Binding.newBuilder().setRole("roles/artifactregistry.reader").addMembers(NODE).build());
  }

  @Test
  void withMember_addsToTheUnconditionalBinding_neverToAConditionalOneOfTheSameRole() {
    Binding conditionalReader =
        CONDITIONAL_WRITER.toBuilder().setRole("roles/artifactregistry.reader").build();
    Binding reader =
        Binding.newBuilder()
            .setRole("roles/artifactregistry.reader")
            .addMembers("group:devs@acme.example")
            .build();
    Policy read =
        Policy.newBuilder()
            .setVersion(3)
            .addBindings(conditionalReader)
            .addBindings(reader)
            .build();

    Policy written =
        ArtifactRegistryPolicyEditor.withMember(read, "roles/artifactregistry.reader", NODE);

    assertThat(written.getBindingsList())
        .containsExactly(conditionalReader, reader.toBuilder().addMembers(NODE).build());
  }

  @Test
  void withMember_onAPolicyWithoutConditions_leavesItsVersionAlone() {
    Policy read = Policy.newBuilder().setVersion(1).build();

    assertThat(
            ArtifactRegistryPolicyEditor.withMember(read, "roles/artifactregistry.reader", NODE)
                .getVersion())
        .isEqualTo(1);
  }

  @Test
  void everyPolicyRead_asksForVersion3() {
    assertThat(Policies.request("projects/p").getOptions().getRequestedPolicyVersion())
        .isEqualTo(3);
  }
}
