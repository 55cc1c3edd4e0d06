package dev.pulldoctor.sandbox;

import com.google.protobuf.Message;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs before every sandbox method: finds the identity behind the call's bearer token, counts the
 * call, applies injected faults, refuses a call without a token or with one it does not know
 * (UNAUTHENTICATED), and refuses a routed call whose {@code x-goog-request-params} does not name
 * the request's resource (INVALID_ARGUMENT), as Google's front end does (DESIGN.md §10). It also
 * tells the method which REST method it stands for, whose permission {@link Access#permission}
 * looks up in Google's map.
 */
final class ControlInterceptor implements ServerInterceptor {

  /** The principal the current call stands for. */
  static final Context.Key<Principal> CALLER = Context.key("pull-doctor-sandbox-caller");

  /** The REST method id of the current call, e.g. {@code cloudresourcemanager.projects.get}. */
  static final Context.Key<String> REST_METHOD = Context.key("pull-doctor-sandbox-rest-method");

  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final World world;
  private final Tokens tokens;
  private final Calls calls;
  private final Faults faults;
  private final HttpRules rules;

  ControlInterceptor(World world, Tokens tokens, Calls calls, Faults faults, HttpRules rules) {
    this.world = world;
    this.tokens = tokens;
    this.calls = calls;
    this.faults = faults;
    this.rules = rules;
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
    String authorization = headers.get(AUTHORIZATION);
    if (caller.isEmpty()) {
      // The messages Google answers a call without credentials, and a bad or expired token, with.
      call.close(
          Status.UNAUTHENTICATED.withDescription(
              authorization == null
                  ? "Request is missing required authentication credential. Expected OAuth 2 access"
                      + " token, login cookie or other valid authentication credential. See"
                      + " https://developers.google.com/identity/sign-in/web/devconsole-project."
                  : "Request had invalid authentication credentials. Expected OAuth 2 access"
                      + " token, login cookie or other valid authentication credential."),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Optional<HttpRules.Rule> rule = rules.rule(call.getMethodDescriptor().getFullMethodName());
    Context context = Context.current().withValue(CALLER, caller.get());
    if (rule.isPresent() && rule.get().restMethod() != null) {
      context = context.withValue(REST_METHOD, rule.get().restMethod());
    }
    ServerCall.Listener<Q> listener = Contexts.interceptCall(context, call, headers, next);
    if (rule.isEmpty() || !rule.get().routed()) {
      return listener;
    }
    return new Routed<>(listener, call, headers, rule.get());
  }

  /** Checks the request against its routing header before the method sees it. */
  private static final class Routed<Q, A>
      extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
    private final ServerCall<Q, A> call;
    private final Metadata headers;
    private final HttpRules.Rule rule;
    private boolean refused;

    Routed(ServerCall.Listener<Q> next, ServerCall<Q, A> call, Metadata headers, HttpRules.Rule r) {
      super(next);
      this.call = call;
      this.headers = headers;
      this.rule = r;
    }

    @Override
    public void onMessage(Q message) {
      Optional<String> problem =
          message instanceof Message m
              ? HttpRules.routingProblem(rule, headers, m)
              : Optional.empty();
      if (problem.isPresent()) {
        refused = true;
        call.close(Status.INVALID_ARGUMENT.withDescription(problem.get()), new Metadata());
        return;
      }
      super.onMessage(message);
    }

    @Override
    public void onHalfClose() {
      if (!refused) {
        super.onHalfClose();
      }
    }

    @Override
    public void onReady() {
      if (!refused) {
        super.onReady();
      }
    }
  }

  /**
   * The fixed sandbox token stands for the world's caller; a minted token for its account while
   * that account exists and is enabled (a disabled account's tokens are rejected:
   * https://cloud.google.com/iam/docs/reference/rest/v1/projects.serviceAccounts/disable); no token
   * for nobody.
   */
  private Optional<Principal> identify(String authorization) {
    if (authorization == null) {
      return Optional.empty();
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
