package dev.pulldoctor.gcp;

import com.google.cloud.iam.credentials.v1.IAMCredentialsGrpc;
import com.google.cloud.policytroubleshooter.iam.v3.PolicyTroubleshooterGrpc;
import com.google.cloud.policytroubleshooter.iam.v3.TroubleshooterProto;
import com.google.cloud.resourcemanager.v3.ProjectsGrpc;
import com.google.container.v1.ClusterManagerGrpc;
import com.google.devtools.artifactregistry.v1.ArtifactRegistryGrpc;
import com.google.devtools.clouderrorreporting.v1beta1.ReportErrorsServiceGrpc;
import com.google.iam.admin.v1.IAMGrpc;
import io.grpc.MethodDescriptor;
import java.util.List;

/**
 * The methods a first event's investigation calls. Describing one loads its request and response
 * classes, which is most of what a first call costs besides the network; the function's warm-up
 * does it while the HTTP server starts.
 *
 * <p>Parsing a message with a map field also builds its proto file's descriptors (and protobuf's
 * own descriptor classes, the first time): the troubleshooter's explanations carry maps of
 * memberships in every answer, so its file is built here too. Files whose maps are often empty
 * (labels of clusters, repositories, projects) are left to the first message that has one.
 */
final class FirstEventMethods {
  private FirstEventMethods() {}

  /** Describes the methods, primes their parsers and builds the descriptors named above. */
  static void load() {
    TroubleshooterProto.getDescriptor();
    GrpcApi.primeParsers(methods());
  }

  private static List<MethodDescriptor<?, ?>> methods() {
    return List.of(
        ClusterManagerGrpc.getGetClusterMethod(),
        ArtifactRegistryGrpc.getGetRepositoryMethod(),
        ArtifactRegistryGrpc.getTestIamPermissionsMethod(),
        ArtifactRegistryGrpc.getGetIamPolicyMethod(),
        IAMCredentialsGrpc.getGenerateAccessTokenMethod(),
        ProjectsGrpc.getGetProjectMethod(),
        ProjectsGrpc.getGetIamPolicyMethod(),
        IAMGrpc.getGetServiceAccountMethod(),
        PolicyTroubleshooterGrpc.getTroubleshootIamPolicyMethod(),
        ReportErrorsServiceGrpc.getReportErrorEventMethod());
  }
}
