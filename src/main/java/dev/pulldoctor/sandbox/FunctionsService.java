package dev.pulldoctor.sandbox;

import com.google.cloud.functions.v2.BuildConfig;
import com.google.cloud.functions.v2.Environment;
import com.google.cloud.functions.v2.EventTrigger;
import com.google.cloud.functions.v2.FunctionServiceGrpc;
import com.google.cloud.functions.v2.GetFunctionRequest;
import com.google.cloud.functions.v2.ServiceConfig;
import io.grpc.stub.StreamObserver;
import java.util.List;

/** Cloud Functions v2 {@code getFunction}, from the world's {@code functions}. */
final class FunctionsService extends FunctionServiceGrpc.FunctionServiceImplBase {

  private static final String SERVICE = "cloudfunctions.googleapis.com";
  private static final String PERMISSION =
      Access.permissionOf("cloudfunctions.projects.locations.functions.get");

  private final Access access;

  FunctionsService(Access access) {
    this.access = access;
  }

  @Override
  public void getFunction(
      GetFunctionRequest request, StreamObserver<com.google.cloud.functions.v2.Function> out) {
    Access.answer(
        out,
        () -> {
          String name = request.getName();
          List<String> ids = Names.parse(name, "projects/{}/locations/{}/functions/{}");
          Project project = access.project(ids.get(0), PERMISSION, name);
          access.requireEnabled(project, SERVICE);
          access.require(PolicyKey.project(project.id()), PERMISSION, name);
          CloudFunction f =
              project
                  .function(ids.get(1), ids.get(2))
                  .orElseThrow(() -> Errors.notFound("Resource '" + name + "' was not found"));
          String canonical =
              "projects/" + project.id() + "/locations/" + f.location() + "/functions/" + f.name();
          com.google.cloud.functions.v2.Function.Builder out2 =
              com.google.cloud.functions.v2.Function.newBuilder()
                  .setName(canonical)
                  .setEnvironment(Environment.GEN_2)
                  .setState(com.google.cloud.functions.v2.Function.State.valueOf(f.state()))
                  .setBuildConfig(
                      BuildConfig.newBuilder()
                          .setRuntime(f.runtime())
                          .setEntryPoint(f.entryPoint()))
                  .setServiceConfig(
                      ServiceConfig.newBuilder()
                          .setService(
                              "projects/"
                                  + project.id()
                                  + "/locations/"
                                  + f.location()
                                  + "/services/"
                                  + f.name())
                          .setServiceAccountEmail(f.serviceAccount())
                          .putAllEnvironmentVariables(f.environment()));
          if (!f.triggerTopic().isEmpty()) {
            out2.setEventTrigger(
                EventTrigger.newBuilder()
                    .setEventType("google.cloud.pubsub.topic.v1.messagePublished")
                    .setPubsubTopic(f.triggerTopic())
                    .setTriggerRegion(f.location())
                    .setRetryPolicy(EventTrigger.RetryPolicy.valueOf(f.retryPolicy())));
          }
          return out2.build();
        });
  }
}
