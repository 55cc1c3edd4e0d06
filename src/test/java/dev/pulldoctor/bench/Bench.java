package dev.pulldoctor.bench;

import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.gson.JsonParser;
import dev.pulldoctor.FirestoreEmulator;
import dev.pulldoctor.Fixtures;
import dev.pulldoctor.audit.AuditReport;
import dev.pulldoctor.audit.AuditScope;
import dev.pulldoctor.audit.Auditor;
import dev.pulldoctor.dashboard.DashboardServer;
import dev.pulldoctor.dashboard.IncidentsBenchmark;
import dev.pulldoctor.deploy.FunctionYaml;
import dev.pulldoctor.diagnose.Diagnosis;
import dev.pulldoctor.diagnose.Investigator;
import dev.pulldoctor.diagnose.RoleCatalog;
import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.domain.RepositoryRef;
import dev.pulldoctor.domain.RootCause;
import dev.pulldoctor.gcp.GoogleClients;
import dev.pulldoctor.intake.Decoded;
import dev.pulldoctor.intake.EventDecoder;
import dev.pulldoctor.report.FindingStores;
import dev.pulldoctor.report.StoredFindings;
import dev.pulldoctor.sandbox.Sandbox;
import dev.pulldoctor.sandbox.World;
import dev.pulldoctor.setup.Config;
import dev.pulldoctor.setup.Engine;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code scripts/bench}: Pull Doctor's figures of issue 10, one {@code name value} line each on
 * stdout, then {@code targets_met true|false}; progress and notes on stderr. See docs/benchmark.md
 * for what each figure measures and how.
 */
public final class Bench {
  static final List<String> SECTIONS =
      List.of("cold", "warm", "storm", "latency", "audit", "dashboard");

  static final int STORM_EVENTS = 10_000;
  static final int STORM_INCIDENTS = 50;

  /** Instances serving the storm at once, each with its own clients and store. */
  static final int STORM_INSTANCES = 2;

  static final String STORM_HEAP = "-Xmx256m";
  static final int WARM_WARMUP = 1_000;
  static final int WARM_MEASURED = 20;

  /**
   * Between measured warm events: more than the store's write interval per incident document
   * (StoreSettings.SUSTAINED_WRITE_INTERVAL, 1 s), so that each is written at once.
   */
  static final long WARM_GAP_MS = 1_100;

  static final BenchWorlds.Fleet FLEET = new BenchWorlds.Fleet(20, 5, 50, 40);
  static final Duration AUDIT_LATENCY = Duration.ofMillis(20);
  static final Duration DIAGNOSIS_LATENCY = Duration.ofMillis(50);
  static final int DIAGNOSIS_RUNS = 7;
  static final int DASHBOARD_FINDINGS = 10_000;

  private final Options options;
  private final Figures figures;
  private final Path logs = Path.of("target", "bench");
  private FirestoreEmulator emulator;

  private Bench(Options options, Figures figures) {
    this.options = options;
    this.figures = figures;
  }

  /**
   * The command line: {@code --runs N --only a,b --jvm-opts '...' --cds --decompose --cpus N}.
   *
   * @param cpus the cores each cold-started function may use, 0 for the whole machine; -1 (the
   *     default) for both the whole machine and function.yaml's {@code cpu}
   */
  record Options(
      int runs,
      Set<String> sections,
      List<String> jvmOptions,
      boolean cds,
      boolean decompose,
      int cpus) {
    static Options parse(String... args) {
      int runs = 7;
      int cpus = -1;
      Set<String> sections = new LinkedHashSet<>(SECTIONS);
      List<String> jvm = List.of();
      boolean cds = false;
      boolean decompose = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--runs" -> runs = Integer.parseInt(args[++i]);
          case "--only" -> {
            sections = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
            if (!SECTIONS.containsAll(sections)) {
              throw new IllegalArgumentException("--only takes some of " + SECTIONS);
            }
          }
          case "--jvm-opts" -> jvm = List.of(args[++i].trim().split("\\s+"));
          case "--cds" -> cds = true;
          case "--decompose" -> decompose = true;
          case "--cpus" -> cpus = Integer.parseInt(args[++i]);
          default ->
              throw new IllegalArgumentException(
                  "unknown option "
                      + args[i]
                      + "; use --runs N, --only "
                      + String.join(",", SECTIONS)
                      + ", --jvm-opts 'OPTIONS', --cds, --decompose, --cpus N");
        }
      }
      if (runs < 5) {
        throw new IllegalArgumentException("--runs must be at least 5, got " + runs);
      }
      if (cpus < -1 || cpus > Runtime.getRuntime().availableProcessors()) {
        throw new IllegalArgumentException(
            "--cpus must be between 0 (all) and this machine's "
                + Runtime.getRuntime().availableProcessors()
                + ", got "
                + cpus);
      }
      return new Options(runs, sections, jvm, cds, decompose, cpus);
    }

    /** The sizes the cold starts are measured at: 0 is the whole machine. */
    List<Integer> cpuSizes() {
      if (cpus >= 0) {
        return List.of(cpus);
      }
      int deployed = deployedCpus();
      return deployed >= Runtime.getRuntime().availableProcessors()
          ? List.of(0)
          : List.of(0, deployed);
    }

    /** The whole vCPUs function.yaml gives an instance ({@code cpu: "1"}), at least one. */
    static int deployedCpus() {
      Object cpu = FunctionYaml.load().get("cpu");
      double v = Double.parseDouble(String.valueOf(cpu));
      return Math.max(1, (int) Math.floor(v));
    }
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (RuntimeException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    // Only figures on stdout: anything a library prints there goes to stderr instead.
    PrintStream figuresOut = System.out;
    System.setOut(System.err);
    Figures figures = new Figures(figuresOut);
    Bench bench = new Bench(options, figures);
    boolean failed = bench.runAll();
    List<Targets.Check> checks = Targets.check(figures);
    for (Targets.Check c : checks) {
      System.err.printf(
          "target %-70s %s (%s)%n", c.goal(), c.met() ? "met" : "NOT MET", c.detail());
    }
    figures.verdict("targets_met", Targets.allMet(checks));
    System.exit(failed ? 1 : 0);
  }

  /** Runs each section; a failing one is reported and the others still run. */
  private boolean runAll() throws IOException {
    Files.createDirectories(logs);
    System.err.printf(
        "bench: %d processors, Java %s (%s), %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        Instant.now());
    emulator = FirestoreEmulator.get();
    boolean failed = false;
    for (String section : options.sections()) {
      long start = System.nanoTime();
      try {
        switch (section) {
          case "cold" -> coldStart();
          case "warm" -> warm();
          case "storm" -> storm();
          case "latency" -> latency();
          case "audit" -> audit();
          case "dashboard" -> dashboard();
          default -> throw new IllegalStateException(section);
        }
      } catch (Exception | Error e) {
        failed = true;
        System.err.println("bench: section " + section + " FAILED: " + e);
        e.printStackTrace();
      }
      System.err.printf(
          "bench: section %s took %.0f s%n", section, (System.nanoTime() - start) / 1e9);
    }
    return failed;
  }

  // --- cold start ---------------------------------------------------------------------------

  private void coldStart() throws Exception {
    Process sandbox =
        Children.start(
            new ProcessBuilder(
                    Children.java(),
                    "-jar",
                    ColdStart.JAR.toString(),
                    "sandbox",
                    "--world",
                    seedWorld().toString(),
                    "--port",
                    "0")
                .redirectError(logs.resolve("cold-sandbox.log").toFile()));
    try {
      String endpoints =
          Children.awaitLine(sandbox, "PULL_DOCTOR_ENDPOINTS=")
              .substring("PULL_DOCTOR_ENDPOINTS=".length());
      System.err.println("cold start: sandbox server (own process) at " + endpoints);
      Map<String, String> env = new HashMap<>(emulator.env());
      env.put("PULL_DOCTOR_ENDPOINTS", endpoints);
      List<String> jvm = options.jvmOptions();
      ColdStart.Target pullDoctor =
          new ColdStart.Target(
              "pull-doctor",
              ColdStart.FUNCTION_JAR.toString(),
              "dev.pulldoctor.PullDoctorFunction",
              env,
              jvm);
      ColdStart.Target hello =
          new ColdStart.Target(
              "hello", ColdStart.TEST_CLASSES.toString(), HelloFunction.class.getName(), env, jvm);
      // The same jar as Pull Doctor's on its class path, so that only the work differs.
      ColdStart.Target firestoreHello =
          new ColdStart.Target(
              "firestore-hello",
              ColdStart.TEST_CLASSES + File.pathSeparator + ColdStart.FUNCTION_JAR,
              FirestoreHelloFunction.class.getName(),
              env,
              jvm);
      for (int cpus : options.cpuSizes()) {
        // The whole machine is issue 10's figure; the deployed size (function.yaml) issue 17's.
        String size = cpus == 0 ? "" : "_at_" + cpus + "_vcpu";
        ColdStart cold = new ColdStart(logs, cpus);
        List<ColdStart.Target> targets =
            new ArrayList<>(List.of(pullDoctor, hello, firestoreHello));
        if (options.decompose()) {
          // Steps between the hellos and Pull Doctor, on Pull Doctor's jar like Firestore-hello.
          Map<String, Class<?>> steps = new LinkedHashMap<>();
          steps.put("raw-firestore-hello", RawFirestoreHelloFunction.class);
          steps.put("api-channels-hello", ApiChannelsHelloFunction.class);
          steps.forEach(
              (name, function) ->
                  targets.add(
                      new ColdStart.Target(
                          name,
                          ColdStart.TEST_CLASSES + File.pathSeparator + ColdStart.FUNCTION_JAR,
                          function.getName(),
                          env,
                          jvm)));
        }
        if (options.cds()) {
          for (int i = 0; i < targets.size(); i++) {
            targets.set(i, withArchive(cold, targets.get(i)));
          }
        }
        System.err.println(
            "cold start: "
                + (cpus == 0 ? "every core" : cpus + " core(s) (taskset)")
                + " for each function; JVM options "
                + (jvm.isEmpty() ? "(none)" : String.join(" ", jvm))
                + (options.cds() ? ", each with its own CDS archive" : "")
                + ", alike for all three");
        ColdStart.Runs runs =
            ColdStart.alternate(
                cold,
                targets,
                options.runs(),
                new ColdStart.Hooks() {
                  @Override
                  public void before(ColdStart.Target target, int run) {
                    if (target.name().equals("pull-doctor")) {
                      emulator.reset(); // so that each run investigates and writes its finding
                    }
                  }

                  @Override
                  public void after(ColdStart.Target target, int run) throws Exception {
                    if (target.name().equals("pull-doctor")) {
                      checkColdFinding(run);
                    }
                  }
                });
        double[][] ms = runs.ms();
        double pd = Stats.median(ms[0]);
        double base = Stats.median(ms[1]);
        double floor = Stats.median(ms[2]);
        figures.put("cold_start_ms" + size, Math.round(pd));
        figures.put("hello_cold_start_ms" + size, Math.round(base));
        figures.put("cold_start_ratio" + size, pd / base, 2);
        figures.put("firestore_hello_cold_start_ms" + size, Math.round(floor));
        figures.put("cold_start_cpu_ms" + size, Math.round(Stats.median(runs.cpuMs()[0])));
        figures.put("hello_cold_start_cpu_ms" + size, Math.round(Stats.median(runs.cpuMs()[1])));
        for (int t = 3; t < targets.size(); t++) {
          String name = targets.get(t).name().replace('-', '_');
          figures.put(name + "_cold_start_ms" + size, Math.round(Stats.median(ms[t])));
        }
        System.err.printf(
            "cold start: medians over %d runs; a function that only writes to"
                + " Firestore takes %.2f x hello, Pull Doctor %.2f x that%n",
            options.runs(), floor / base, pd / floor);
      }
    } finally {
      Children.stop(sandbox);
    }
  }

  /**
   * Class Data Sharing for one function: a first run under the invoker writes an archive of the
   * classes it loaded ({@code -XX:ArchiveClassesAtExit}, JDK 13+), which the measured runs map with
   * {@code -XX:SharedArchiveFile}. Each function gets its own, so the two stay alike.
   */
  private ColdStart.Target withArchive(ColdStart cold, ColdStart.Target t) throws Exception {
    Path archive = logs.resolve(t.name() + ".jsa").toAbsolutePath();
    Files.deleteIfExists(archive);
    emulator.reset();
    cold.run(t, "cds-" + t.name(), -1, List.of("-XX:ArchiveClassesAtExit=" + archive));
    if (!Files.exists(archive)) {
      throw new IllegalStateException("no CDS archive written for " + t.name());
    }
    System.err.printf(
        "cold start: CDS archive of %s, %d MB%n", t.name(), Files.size(archive) >> 20);
    List<String> jvm = new ArrayList<>(t.jvmOptions());
    jvm.add("-XX:SharedArchiveFile=" + archive);
    return new ColdStart.Target(t.name(), t.classpath(), t.entryPoint(), t.env(), jvm);
  }

  private void checkColdFinding(int run) throws Exception {
    List<QueryDocumentSnapshot> docs =
        emulator.client().collection("pullFindings").get().get().getDocuments();
    if (docs.size() != 1 || !"NODE_SA_MISSING_READER".equals(docs.get(0).getString("rootCause"))) {
      throw new IllegalStateException(
          "after cold-start run "
              + run
              + " the emulator holds no diagnosed finding: "
              + docs.size()
              + " documents");
    }
  }

  private static Path seedWorld() {
    return Path.of("src/test/resources/corpus/seed-world.json");
  }

  // --- warm events and the storm (in a child JVM, against a sandbox in this one) --------------

  private Sandbox stormSandbox;

  private Sandbox stormSandbox() throws IOException {
    if (stormSandbox == null) {
      String world = BenchWorlds.storm(Fixtures.text("corpus/seed-world.json"), STORM_INCIDENTS);
      stormSandbox = Sandbox.start(World.parse(world));
    }
    return stormSandbox;
  }

  private void warm() throws Exception {
    Sandbox sandbox = stormSandbox();
    emulator.reset();
    sandbox.calls().reset();
    Map<String, Double> out =
        child(
            sandbox,
            List.of(),
            "warm",
            "warm",
            String.valueOf(WARM_WARMUP),
            String.valueOf(WARM_MEASURED),
            String.valueOf(deployedConcurrency()),
            String.valueOf(WARM_GAP_MS));
    figures.put("warm_event_us_p50", Math.round(out.get("warm_event_us_p50")));
    figures.put("warm_event_us_p99", Math.round(out.get("warm_event_us_p99")));
    System.err.printf(
        "warm: %d events %d ms apart, after %d unmeasured at once; Google API calls, all of"
            + " the first event's diagnosis: %d %s%n",
        out.get("warm_events").longValue(),
        WARM_GAP_MS,
        WARM_WARMUP,
        sandbox.calls().total(),
        sandbox.calls().byMethod());
  }

  private void storm() throws Exception {
    Sandbox sandbox = stormSandbox();
    emulator.reset();
    sandbox.calls().reset();
    int concurrency = deployedConcurrency();
    Map<String, Double> out =
        child(
            sandbox,
            List.of(STORM_HEAP, "-XX:+ExitOnOutOfMemoryError"),
            "storm",
            "storm",
            String.valueOf(STORM_EVENTS),
            String.valueOf(STORM_INCIDENTS),
            String.valueOf(STORM_INSTANCES),
            String.valueOf(concurrency));
    List<QueryDocumentSnapshot> incidents =
        emulator.client().collection("pullFindings").get().get().getDocuments();
    long occurrences = incidents.stream().mapToLong(d -> d.getLong("occurrences")).sum();
    long events = out.get("storm_events").longValue();
    figures.put("storm_events", events);
    figures.put("storm_redeliveries", out.get("storm_redeliveries").longValue());
    figures.put("storm_occurrences", occurrences);
    figures.put("storm_instances", out.get("storm_instances").longValue());
    figures.put("storm_incidents", incidents.size());
    // Each investigation asks for its repository exactly once; nothing else does.
    figures.put("storm_investigations", sandbox.calls().count("ArtifactRegistry/GetRepository"));
    figures.put("storm_rpcs", sandbox.calls().total());
    figures.put("storm_max_doc_writes_per_s", out.get("storm_max_doc_writes_in_10s") / 10, 1);
    figures.put("storm_max_doc_writes_in_1s", out.get("storm_max_doc_writes_in_1s").longValue());
    figures.put("storm_firestore_commits", out.get("storm_firestore_commits").longValue());
    figures.put("storm_firestore_rpcs_per_event", out.get("storm_firestore_rpcs") / events, 2);
    figures.put("storm_events_per_s", out.get("storm_events_per_s"), 1);
    figures.put("storm_cpu_ms_per_event", out.get("storm_cpu_ms") / events, 2);
    figures.put("storm_event_ms_p50", Math.round(out.get("storm_event_ms_p50")));
    figures.put("storm_event_ms_p99", Math.round(out.get("storm_event_ms_p99")));
    figures.put("storm_peak_heap_mb", out.get("storm_peak_heap_mb"), 1);
    System.err.printf(
        "storm: %d instances x concurrency %d (function.yaml), %.1f s; Google API calls %s%n",
        STORM_INSTANCES, concurrency, out.get("storm_seconds"), sandbox.calls().byMethod());
  }

  /** Requests one instance serves at once, as function.yaml deploys it ({@code concurrency}). */
  private static int deployedConcurrency() {
    return (Integer) FunctionYaml.load().get("concurrency");
  }

  // --- latency: the seed diagnosis with every Google API call answered 50 ms late -----------

  private void latency() throws Exception {
    try (Sandbox sandbox = Sandbox.start(World.parse(Fixtures.text("corpus/seed-world.json")))) {
      GoogleClients clients = GoogleClients.sandbox(sandbox.endpoint());
      PullFailure seed = seedFailure();
      // Warms this JVM's code and the clients' channels; an instance serving events has both.
      Diagnosis first = diagnose(clients, seed);
      if (first.rootCause() != RootCause.NODE_SA_MISSING_READER) {
        throw new IllegalStateException("the seed diagnosis found " + first.rootCause());
      }
      Set<String> methods = sandbox.calls().byMethod().keySet();
      methods.forEach(m -> sandbox.faults().delay(m, DIAGNOSIS_LATENCY, -1));
      double[] ms = new double[DIAGNOSIS_RUNS];
      int rounds = 0;
      int calls = 0;
      for (int i = 0; i < ms.length; i++) {
        sandbox.calls().reset();
        long start = System.nanoTime();
        diagnose(clients, seed);
        ms[i] = (System.nanoTime() - start) / 1e6;
        rounds = Math.max(rounds, CallRounds.of(sandbox.calls().arrivalNanos(), DIAGNOSIS_LATENCY));
        calls = sandbox.calls().total();
      }
      figures.put("diagnosis_ms_at_50ms_rpc", Math.round(Stats.median(ms)));
      figures.put("diagnosis_call_rounds", rounds);
      figures.put("diagnosis_rpcs", calls);
      System.err.printf(
          "latency: the seed diagnosis, %d calls in %d sequential rounds (floor %d ms); median"
              + " of %d runs, each on fresh caches; calls %s%n",
          calls,
          rounds,
          rounds * DIAGNOSIS_LATENCY.toMillis(),
          DIAGNOSIS_RUNS,
          sandbox.calls().byMethod());
    }
  }

  /** The seed event's failure, decoded as the function decodes it. */
  private static PullFailure seedFailure() {
    Decoded d =
        new EventDecoder().decodeLogEntry("seed", Fixtures.logEntry("seed-403-logentry.json"));
    if (d instanceof Decoded.Failure f) {
      return f.failure();
    }
    throw new IllegalStateException("the seed event is not a pull failure: " + d);
  }

  /**
   * One diagnosis as the function's engine makes it, on a new engine so that no cache of an earlier
   * run answers a call, over {@code clients} whose channels are already open.
   */
  private static Diagnosis diagnose(GoogleClients clients, PullFailure failure) {
    try (Engine engine =
        new Engine(Config.defaultsOnly(), clients, Clock.systemUTC(), Investigator.Method.AUTO)) {
      return engine.investigator().investigate(failure);
    }
  }

  /** Runs {@link LoadChild} on this class path and reads its {@code name value} lines. */
  private Map<String, Double> child(
      Sandbox sandbox, List<String> jvmOptions, String name, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Children.java()));
    command.addAll(jvmOptions);
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), LoadChild.class.getName()));
    command.addAll(List.of(args));
    Path log = logs.resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(log.toFile());
    pb.environment().putAll(emulator.env());
    pb.environment().put("PULL_DOCTOR_ENDPOINTS", sandbox.endpoint());
    System.err.printf("%s: child JVM %s, log in %s%n", name, jvmOptions, log);
    Process p = Children.start(pb);
    // Read while waiting: a child that hangs is stopped after the timeout, which ends the read.
    CompletableFuture<String> stdout =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    int exit = Children.await(p, 20);
    Map<String, Double> values = new HashMap<>();
    for (String line : stdout.join().split("\n")) {
      String[] kv = line.trim().split(" ");
      if (kv.length == 2) {
        values.put(kv[0], Double.parseDouble(kv[1]));
      }
    }
    String tail = Children.tail(log);
    if (exit != 0) {
      String why = tail.contains("OutOfMemoryError") ? "OutOfMemoryError" : "exit " + exit;
      throw new IllegalStateException(name + " child failed (" + why + "):\n" + tail);
    }
    return values;
  }

  // --- audit --------------------------------------------------------------------------------

  private void audit() throws Exception {
    try (Sandbox sandbox = Sandbox.start(World.parse(FLEET.json()))) {
      AuditScope scope =
          new AuditScope(
              null,
              List.of(BenchWorlds.Fleet.PROJECT),
              FLEET.repositoryNames().stream().map(RepositoryRef::parse).toList(),
              List.of());
      GoogleClients clients = GoogleClients.sandbox(sandbox.endpoint());
      audit(clients, scope); // warms this JVM's clients and code; not measured
      sandbox.calls().reset();
      long start = System.nanoTime();
      AuditReport report = audit(clients, scope);
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<String, Integer> calls = sandbox.calls().byMethod();
      int listing = sandbox.calls().count("ClusterManager/ListClusters");
      figures.put("audit_pairs", report.rows().size());
      figures.put("audit_accounts", report.serviceAccounts());
      figures.put("audit_repositories", report.repositories());
      figures.put("audit_access_checks", report.accessChecks());
      figures.put("audit_rpcs", sandbox.calls().total());
      figures.put("audit_s", seconds, 2);
      System.err.printf(
          "audit: %d clusters x %d pools x %d repositories, %d pairs cannot pull;"
              + " calls %s (listing the clusters: %d)%n",
          FLEET.clusters(),
          FLEET.pools(),
          FLEET.repositories(),
          report.failing().size(),
          calls,
          listing);

      // With every call answered AUDIT_LATENCY late, the wall time shows how parallel it is.
      calls.keySet().forEach(m -> sandbox.faults().delay(m, AUDIT_LATENCY, -1));
      sandbox.calls().reset();
      start = System.nanoTime();
      audit(clients, scope);
      seconds = (System.nanoTime() - start) / 1e9;
      int total = sandbox.calls().total();
      figures.put("audit_s_at_20ms_rpc", seconds, 2);
      System.err.printf(
          "audit: at %d ms a call, %d calls in sequence would take %.1f s; %d in"
              + " flight at once, %.1f s%n",
          AUDIT_LATENCY.toMillis(),
          total,
          total * AUDIT_LATENCY.toMillis() / 1e3,
          Auditor.DEFAULT_PARALLELISM,
          total * AUDIT_LATENCY.toMillis() / 1e3 / Auditor.DEFAULT_PARALLELISM);
    }
  }

  /** The audit as {@code pull-doctor audit} wires it (AuditCommand), with the default method. */
  private static AuditReport audit(GoogleClients clients, AuditScope scope) {
    Investigator.Method method = Investigator.Method.AUTO;
    try (Engine engine = new Engine(Config.defaultsOnly(), clients, Clock.systemUTC(), method)) {
      return new Auditor(
              engine.gcp().directories(engine.clusters()),
              engine.gcp().clusterLister(),
              engine.gcp().repositoryLister(),
              RoleCatalog.predefined(),
              method,
              Auditor.DEFAULT_PARALLELISM)
          .run(scope, Auditor.Progress.NONE);
    }
  }

  // --- dashboard ----------------------------------------------------------------------------

  private void dashboard() throws Exception {
    emulator.reset();
    Instant now = Instant.now();
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < DASHBOARD_FINDINGS; i++) {
      findings.add(IncidentsBenchmark.finding(i, now));
    }
    long start = System.nanoTime();
    StoredFindings.write(emulator.client(), "pullFindings", findings);
    System.err.printf(
        "dashboard: %d findings written to the emulator in %.1f s%n",
        findings.size(), (System.nanoTime() - start) / 1e9);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (DashboardServer server =
        DashboardServer.start(
            FindingStores.findings(Config.defaultsOnly().store(), emulator.env(), emulator::client),
            0)) {
      URI first = server.url().resolve("/api/incidents");
      double firstMs = time(http, first);
      double[] again = new double[10];
      for (int i = 0; i < again.length; i++) {
        again[i] = time(http, first);
      }
      figures.put("dashboard_first_page_ms", Math.round(firstMs));
      System.err.printf(
          "dashboard: first page on its first request %.0f ms, then median %.0f"
              + " ms over %d more%n",
          firstMs, Stats.median(again), again.length);
    }
  }

  private static double time(HttpClient http, URI uri) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> r =
        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    double ms = (System.nanoTime() - start) / 1e6;
    int rows =
        r.statusCode() == 200
            ? JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonArray("incidents").size()
            : 0;
    if (rows == 0) {
      throw new IllegalStateException(uri + " answered " + r.statusCode() + " with no incidents");
    }
    return ms;
  }
}
