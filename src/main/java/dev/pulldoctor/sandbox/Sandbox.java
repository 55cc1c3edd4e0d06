package dev.pulldoctor.sandbox;

import dev.pulldoctor.gcp.GoogleClients;
import io.grpc.BindableService;
import io.grpc.InsecureServerCredentials;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.okhttp.OkHttpServerBuilder;
import io.grpc.util.MutableHandlerRegistry;
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
 * have one code path. Every call answers for the identity behind its bearer token: {@link
 * #CALLER_TOKEN} is the world's {@code caller}; a token minted by {@code generateAccessToken} is
 * its service account; none, or anything else, is UNAUTHENTICATED.
 */
public final class Sandbox implements AutoCloseable {

  /** The fixed token that stands for the world's {@code caller}. */
  public static final String CALLER_TOKEN = GoogleClients.SANDBOX_CALLER_TOKEN;

  private final Server server;
  private final MutableHandlerRegistry services;
  private volatile Served served;

  /** What one world is served with: its services' state, replaced whole by {@link #load}. */
  private record Served(World world, Calls calls, Faults faults, ErrorReportingService errors) {}

  private Sandbox(Server server, MutableHandlerRegistry services) {
    this.server = server;
    this.services = services;
  }

  /** Serves the world on a free loopback port. */
  public static Sandbox start(World world) throws IOException {
    return start(world, 0);
  }

  /** Serves the world on {@code 127.0.0.1:port}; port 0 picks a free one. */
  public static Sandbox start(World world, int port) throws IOException {
    MutableHandlerRegistry services = new MutableHandlerRegistry();
    Server server =
        OkHttpServerBuilder.forPort(
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port),
                InsecureServerCredentials.create())
            .fallbackHandlerRegistry(services)
            .build()
            .start();
    Sandbox sandbox = new Sandbox(server, services);
    sandbox.load(world);
    return sandbox;
  }

  /**
   * Serves {@code world} from now on, on the same port, with fresh call counts, faults, tokens and
   * Error Reporting events: a test run shares one sandbox and loads each test's world into it.
   */
  public synchronized void load(World world) {
    Access access = new Access(world, new Iam(world, Roles.predefined()));
    Tokens tokens = new Tokens(Clock.systemUTC());
    ErrorReportingService errorReporting = new ErrorReportingService(access);
    List<BindableService> bindable =
        List.of(
            new ClusterManagerService(access),
            new ArtifactRegistryService(access),
            new LocationsService(access),
            new IamCredentialsService(access, tokens),
            new IamAdminService(access),
            new TroubleshooterService(access),
            new ProjectsService(access),
            new FoldersService(access),
            new OrganizationsService(access),
            new DenyPoliciesService(access),
            errorReporting,
            new FunctionsService(access));
    Set<String> methods = new HashSet<>();
    HttpRules rules = new HttpRules();
    for (BindableService s : bindable) {
      rules.learn(s.bindService().getServiceDescriptor());
      for (var m : s.bindService().getMethods()) {
        MethodDescriptor<?, ?> d = m.getMethodDescriptor();
        methods.add(ControlInterceptor.key(d.getFullMethodName()));
      }
    }
    Calls calls = new Calls();
    Faults faults = new Faults(methods);
    ControlInterceptor control = new ControlInterceptor(world, tokens, calls, faults, rules);
    served = new Served(world, calls, faults, errorReporting);
    // Adding a service of the same name replaces the previous world's.
    for (BindableService s : bindable) {
      ServerServiceDefinition definition = ServerInterceptors.intercept(s, control);
      services.addService(definition);
    }
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
    return served.world();
  }

  /** Call counts by method and caller. */
  public Calls calls() {
    return served.calls();
  }

  /** Failures and delays to inject. */
  public Faults faults() {
    return served.faults();
  }

  /** The Error Reporting events received, oldest first. */
  public List<ReportedError> errorEvents() {
    return served.errors().events();
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
