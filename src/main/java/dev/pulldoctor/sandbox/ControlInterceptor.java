package dev.pulldoctor.sandbox;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs before every sandbox method: finds the identity behind the call's bearer token, counts the
 * call, applies injected faults, and refuses a token it does not know.
 */
final class ControlInterceptor implements ServerInterceptor {

  /** The principal the current call stands for. */
  static final Context.Key<Principal> CALLER = Context.key("pull-doctor-sandbox-caller");

  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final World world;
  private final Tokens tokens;
  private final Calls calls;
  private final Faults faults;

  ControlInterceptor(World world, Tokens tokens, Calls calls, Faults faults) {
    this.world = world;
    this.tokens = tokens;
    this.calls = calls;
    this.faults = faults;
  }

  /**
   * {@code ArtifactRegistry/GetRepository} for {@code
   * google.devtools.artifactregistry.v1.ArtifactRegistry/GetRepository}.
   */
  static String key(String fullMethodName) {
    int slash = fullMethodName.indexOf('/');
    String service = fullMethodName.substring(0, slash);
    return service.substring(service.lastIndexOf('.') + 1) + fullMethodName.substring(slash);
  }

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
    String method = key(call.getMethodDescriptor().getFullMethodName());
    Optional<Principal> caller = identify(headers.get(AUTHORIZATION));
    calls.record(method, caller.map(Principal::email).orElse("(unauthenticated)"));
    Optional<Duration> delay = faults.delayFor(method);
    if (delay.isPresent()) {
      sleep(delay.get());
    }
    Optional<Status.Code> failure = faults.failureFor(method);
    if (failure.isPresent()) {
      call.close(
          Status.fromCode(failure.get()).withDescription("sandbox fault injected into " + method),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    if (caller.isEmpty()) {
      // The message Google answers a bad or expired token with.
      call.close(
          Status.UNAUTHENTICATED.withDescription(
              "Request had invalid authentication"
                  + " credentials. Expected OAuth 2 access token, login cookie or other valid"
                  + " authentication credential."),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(
        Context.current().withValue(CALLER, caller.get()), call, headers, next);
  }

  /**
   * No token and the fixed sandbox token stand for the world's caller; a minted token for its
   * account while that account exists and is enabled (a disabled account's tokens are rejected:
   * https://cloud.google.com/iam/docs/reference/rest/v1/projects.serviceAccounts/disable).
   */
  private Optional<Principal> identify(String authorization) {
    if (authorization == null) {
      return Optional.of(new Principal(world.caller()));
    }
    String token =
        authorization.regionMatches(true, 0, "Bearer ", 0, 7)
            ? authorization.substring(7).strip()
            : "";
    if (token.equals(Sandbox.CALLER_TOKEN)) {
      return Optional.of(new Principal(world.caller()));
    }
    return tokens
        .account(token)
        .filter(email -> world.serviceAccount(email).map(sa -> !sa.disabled()).orElse(false))
        .map(Principal::serviceAccount);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
