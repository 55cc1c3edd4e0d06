package dev.pulldoctor.gcp;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.auth.MoreCallCredentials;
import io.grpc.okhttp.OkHttpChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The one place that builds the settings of every Google client Pull Doctor uses: against real
 * Google Cloud with Application Default Credentials, or against a sandbox on a loopback port.
 *
 * <p>Pull Doctor's adapters call each API through {@link #api}: Google's generated gRPC stubs over
 * one channel per endpoint ({@link GrpcApi} says why not the gax clients, and {@link ApiMethod} how
 * the two are held to send the same). This is the one client stack of src/main; the gax clients
 * that tests use against the sandbox are built by the tests' own {@code GaxClients}.
 *
 * <p>Nothing is built until asked for (a cold start pays only for what it uses). In sandbox mode
 * the channel is plaintext and the access token travels in an {@code authorization} header: gRPC's
 * Google-auth call credentials refuse to send a token over a channel without TLS.
 */
public final class GoogleClients implements AutoCloseable {

  /** The APIs Pull Doctor calls, by their Google endpoint (gRPC on port 443). */
  public enum Endpoint {
    CONTAINER("container.googleapis.com"),
    ARTIFACT_REGISTRY("artifactregistry.googleapis.com"),
    IAM_CREDENTIALS("iamcredentials.googleapis.com"),
    POLICY_TROUBLESHOOTER("policytroubleshooter.googleapis.com"),
    IAM("iam.googleapis.com"),
    RESOURCE_MANAGER("cloudresourcemanager.googleapis.com"),
    ERROR_REPORTING("clouderrorreporting.googleapis.com"),
    FUNCTIONS("cloudfunctions.googleapis.com"),
    SECRET_MANAGER("secretmanager.googleapis.com"),
    KMS("cloudkms.googleapis.com");

    private final String host;

    Endpoint(String host) {
      this.host = host;
    }

    public String host() {
      return host;
    }
  }

  private static final List<String> CLOUD_PLATFORM =
      List.of("https://www.googleapis.com/auth/cloud-platform");

  /** The token a sandbox takes for its world's {@code caller} ({@code Sandbox.CALLER_TOKEN}). */
  public static final String SANDBOX_CALLER_TOKEN = "sandbox-caller-token";

  private static final Pattern ENDPOINT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}");

  private final String sandboxEndpoint;

  /** In a sandbox, the quota project the caller's calls name (as ADC's would), or null. */
  private final String sandboxQuotaProject;

  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
  private final Lazy<CallCredentials> caller = new Lazy<>(this::callerCredentials);

  private GoogleClients(String sandboxEndpoint, String sandboxQuotaProject) {
    this.sandboxEndpoint = sandboxEndpoint;
    this.sandboxQuotaProject = sandboxQuotaProject;
  }

  /**
   * {@code endpoint}'s API as the caller (Application Default Credentials, or the sandbox's
   * caller), each call bounded by {@code deadline}. The channel is built on the first call or
   * {@link GrpcApi#open}, and shared by every API on the same endpoint (in a sandbox, all of them).
   */
  public GrpcApi api(Endpoint endpoint, Duration deadline) {
    String target = isSandbox() ? sandboxEndpoint : endpoint.host() + ":443";
    return new GrpcApi(() -> channel(target), caller, deadline);
  }

  /** Call credentials that present {@code accessToken}, e.g. one minted for a node's account. */
  public CallCredentials tokenCredentials(String accessToken) {
    Objects.requireNonNull(accessToken, "accessToken");
    return isSandbox()
        ? HeaderCredentials.bearer(accessToken)
        : MoreCallCredentials.from(GoogleCredentials.create(new AccessToken(accessToken, null)));
  }

  /** The open channel to {@code target}: a new one after {@link #close} ended the last. */
  private ManagedChannel channel(String target) {
    return channels.compute(
        target,
        (t, open) -> {
          if (open != null && !open.isShutdown()) {
            return open;
          }
          OkHttpChannelBuilder builder = OkHttpChannelBuilder.forTarget(t).userAgent("pull-doctor");
          if (isSandbox()) {
            builder.usePlaintext();
          }
          return builder.build();
        });
  }

  private CallCredentials callerCredentials() {
    if (isSandbox()) {
      return CallerCredentials.withQuotaProject(
          HeaderCredentials.bearer(SANDBOX_CALLER_TOKEN), sandboxQuotaProject);
    }
    try {
      return CallerCredentials.of(
          GoogleCredentials.getApplicationDefault().createScoped(CLOUD_PLATFORM));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "no Application Default Credentials (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Ends the channels {@link #api} opened (a later call opens new ones); gax clients are closed by
   * their callers.
   */
  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
  }

  /** Real Google Cloud: each client's default endpoint and Application Default Credentials. */
  public static GoogleClients real() {
    return new GoogleClients(null, null);
  }

  /** A sandbox at {@code host:port} (plaintext), calling as the world's caller. */
  public static GoogleClients sandbox(String endpoint) {
    return sandbox(endpoint, null);
  }

  /**
   * The same, the caller's calls naming {@code quotaProject} as Application Default Credentials
   * with a quota project do: the wire test holds that header to gax's.
   */
  public static GoogleClients sandbox(String endpoint, String quotaProject) {
    if (endpoint == null || !ENDPOINT.matcher(endpoint).matches()) {
      throw new IllegalArgumentException(
          "PULL_DOCTOR_ENDPOINTS='" + endpoint + "' must be HOST:PORT");
    }
    return new GoogleClients(endpoint, quotaProject);
  }

  /** The sandbox when {@code PULL_DOCTOR_ENDPOINTS} is set, else real Google Cloud. */
  public static GoogleClients from(GcpSettings settings) {
    return settings.endpoints().isEmpty() ? real() : sandbox(settings.endpoints());
  }

  /** Whether clients go to a sandbox. */
  public boolean isSandbox() {
    return sandboxEndpoint != null;
  }

  /** The sandbox endpoint, or null for real Google Cloud. */
  public String sandboxEndpoint() {
    return sandboxEndpoint;
  }
}
