package dev.pulldoctor.gcp;

import com.google.cloud.functions.v2.EventTrigger;
import com.google.cloud.functions.v2.Function;
import com.google.cloud.functions.v2.FunctionServiceGrpc;
import com.google.cloud.functions.v2.GetFunctionRequest;
import com.google.cloud.functions.v2.StateMessage;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.status.DeployedFunction;
import dev.pulldoctor.status.FunctionDirectory;
import java.time.Instant;
import java.util.Optional;

/** {@link FunctionDirectory} over Cloud Functions v2 {@code GetFunction}. */
final class FunctionsAdapter implements FunctionDirectory {
  private final GrpcApi api;

  FunctionsAdapter(GrpcApi api) {
    this.api = api;
  }

  @Override
  public Optional<DeployedFunction> function(String project, String region, String name) {
    String resource = "projects/" + project + "/locations/" + region + "/functions/" + name;
    Function f;
    try {
      f =
          api.call(
              FunctionServiceGrpc.getGetFunctionMethod(),
              GetFunctionRequest.newBuilder().setName(resource).build());
    } catch (RuntimeException e) {
      InspectionFailure failure =
          GoogleErrors.translate(
              e, ApiPermission.FUNCTIONS_GET_FUNCTION, "GetFunction " + resource);
      if (failure.kind() == InspectionFailure.Kind.NOT_FOUND) {
        return Optional.empty();
      }
      throw failure;
    }
    return Optional.of(toDeployed(f));
  }

  static DeployedFunction toDeployed(Function f) {
    EventTrigger trigger = f.hasEventTrigger() ? f.getEventTrigger() : null;
    return new DeployedFunction(
        f.getName(),
        f.getState().name(),
        f.getStateMessagesList().stream().map(FunctionsAdapter::message).toList(),
        f.getBuildConfig().getRuntime(),
        f.getBuildConfig().getEntryPoint(),
        trigger == null ? null : trigger.getEventType(),
        trigger == null || trigger.getPubsubTopic().isEmpty() ? null : trigger.getPubsubTopic(),
        trigger == null ? null : trigger.getRetryPolicy().name(),
        f.getServiceConfig().getServiceAccountEmail(),
        f.getServiceConfig().getEnvironmentVariablesMap(),
        f.hasUpdateTime()
            ? Instant.ofEpochSecond(f.getUpdateTime().getSeconds(), f.getUpdateTime().getNanos())
            : null);
  }

  private static String message(StateMessage m) {
    return m.getSeverity().name() + " " + m.getType() + ": " + m.getMessage();
  }
}
