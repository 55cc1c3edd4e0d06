package dev.pulldoctor.sandbox;

import java.util.Map;

/** A Cloud Functions (2nd gen) function, as {@code getFunction} describes it. */
public record CloudFunction(
    String location,
    String name,
    String state,
    String runtime,
    String entryPoint,
    String serviceAccount,
    String triggerTopic,
    String retryPolicy,
    Map<String, String> environment) {

  public CloudFunction {
    environment = Map.copyOf(environment);
  }
}
