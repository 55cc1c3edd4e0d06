package dev.pulldoctor.sandbox;

import dev.pulldoctor.gcp.GoogleClients;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A simulated GCP control plane: serves a {@link World} over the official gRPC service definitions
 * (Container, Artifact Registry with its Locations mixin, IAM Credentials, IAM, Policy
 * Troubleshooter, Resource Manager, Error Reporting, Cloud Functions) on a plaintext loopback port,
 * so that the official Google clients talk to it unchanged.
 *
 * <p>Tests and {@code diagnose --world} run it in the same JVM, still over loopback, so clients
 * have one code path. Every call answers for the identity behind its bearer token: none, or {@link
 * #CALLER_TOKEN}, is the world's {@code caller}; a token minted by {@code generateAccessToken} is
 * its service account; anything else is UNAUTHENTICATED.
 */
public final class Sandbox implements AutoCloseable {

  /** The fixed token that stands for the world's {@code caller}. */
  public static final String CALLER_TOKEN = GoogleClients.SANDBOX_CALLER_TOKEN;

  private final World world;
  private final Server server;
  private final Calls calls;
  private final Faults faults;
  private final ErrorReportingService errorReporting;

  private Sandbox(
      World world,
      Server server,
      Calls calls,
      Faults faults,
      ErrorReportingService errorReporting) {
    this.world = world;
    this.server = server;
    this.calls = calls;
    this.faults = faults;
    this.errorReporting = errorReporting;
  }

  /** Serves the world on a free loopback port. */
  public static Sandbox start(World world) throws IOException {
    return start(world, 0);
  }

  /** Serves the world on {@code 127.0.0.1:port}; port 0 picks a free one. */
  public static Sandbox start(World world, int port) throws IOException {
    Access access = new Access(world, new Iam(world, Roles.predefined()));
    Tokens tokens = new Tokens(Clock.systemUTC());
    ErrorReportingService errorReporting = new ErrorReportingService(access);
    List<BindableService> services =
        List.of(
            new ClusterManagerService(access),
            new ArtifactRegistryService(access),
            new LocationsService(access),
            new IamCredentialsService(access, tokens),
            new IamAdminService(access),
            new TroubleshooterService(access),
            new ProjectsService(access),
            errorReporting,
            new FunctionsService(access));
    Set<String> methods = new HashSet<>();
    for (BindableService s : services) {
      for (var m : s.bindService().getMethods()) {
        MethodDescriptor<?, ?> d = m.getMethodDescriptor();
        methods.add(ControlInterceptor.key(d.getFullMethodName()));
      }
    }
    Calls calls = new Calls();
    Faults faults = new Faults(methods);
    ControlInterceptor control = new ControlInterceptor(world, tokens, calls, faults);
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(
            new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
    for (BindableService s : services) {
      ServerServiceDefinition definition = ServerInterceptors.intercept(s, control);
      builder.addService(definition);
    }
    Server server = builder.build().start();
    return new Sandbox(world, server, calls, faults, errorReporting);
  }

  /** {@code 127.0.0.1:PORT}, the value for {@code PULL_DOCTOR_ENDPOINTS}. */
  public String endpoint() {
    return "127.0.0.1:" + port();
  }

  public int port() {
    return server.getPort();
  }

  /** The world being served; {@code setIamPolicy} calls change its allow policies. */
  public World world() {
    return world;
  }

  /** Call counts by method and caller. */
  public Calls calls() {
    return calls;
  }

  /** Failures and delays to inject. */
  public Faults faults() {
    return faults;
  }

  /** The Error Reporting events received, oldest first. */
  public List<ReportedError> errorEvents() {
    return errorReporting.events();
  }

  /** Blocks until the server has stopped. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /** Stops serving: in-flight calls get five seconds to finish. */
  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
