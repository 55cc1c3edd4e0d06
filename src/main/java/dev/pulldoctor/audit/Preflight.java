package dev.pulldoctor.audit;

import dev.pulldoctor.diagnose.Advice;
import dev.pulldoctor.diagnose.ClusterInfo;
import dev.pulldoctor.diagnose.ClusterInfo.NodePoolInfo;
import dev.pulldoctor.diagnose.Diagnosis;
import dev.pulldoctor.diagnose.Evidence;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.diagnose.Investigator;
import dev.pulldoctor.diagnose.RoleCatalog;
import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.FailureKind;
import dev.pulldoctor.domain.ImageReference;
import dev.pulldoctor.domain.RootCause;
import dev.pulldoctor.manifest.Container;
import dev.pulldoctor.manifest.ManifestReader.Manifest;
import dev.pulldoctor.manifest.Workload;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The pre-flight: will the containers of these manifests pull on the node pools their pods may land
 * on, before {@code kubectl apply}? Each (container, pool) is investigated as the function would
 * investigate a failed pull of that image on that pool ({@link AuditRun}, over the same memoising
 * ports as the pair audit): the pool's account may read the repository, and the tag or digest
 * exists.
 */
public final class Preflight {
  private final Investigator.Directories ports;
  private final RoleCatalog roles;
  private final Investigator.Method method;
  private final int parallelism;

  public Preflight(
      Investigator.Directories ports,
      RoleCatalog roles,
      Investigator.Method method,
      int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    this.ports = ports;
    this.roles = roles;
    this.method = method;
    this.parallelism = parallelism;
  }

  /**
   * Checks {@code manifest} against {@code cluster}. Throws {@link InspectionFailure} when the
   * cluster cannot be read: without its pools there is nothing to say.
   */
  public PreflightReport run(ClusterRef cluster, Manifest manifest) {
    try (AuditRun run = new AuditRun(ports, roles, method, parallelism)) {
      ClusterInfo info = run.ports().clusters().cluster(cluster);
      Map<String, AuditRun.PoolAccount> pools = new LinkedHashMap<>();
      run.poolAccounts(List.of(info)).forEach(p -> pools.put(p.pool().name(), p));
      List<String> names = info.nodePools().stream().map(NodePoolInfo::name).toList();

      // The access questions first, one per (account, repository), so that they go out side by
      // side before any pair waits for one.
      for (Workload w : manifest.workloads()) {
        for (String pool : w.placement().pools(names)) {
          String account = pools.get(pool).account();
          for (Container c : w.containers()) {
            ImageReference image = ImageReference.parse(c.image());
            if (account != null && image.inScope()) {
              run.access(account, image.repositoryRef());
            }
          }
        }
      }
      run.expect(
          manifest.workloads().stream()
              .mapToInt(w -> w.containers().size() * w.placement().pools(names).size())
              .sum());
      List<CompletableFuture<PreflightRow>> rows = new ArrayList<>();
      for (Workload w : manifest.workloads()) {
        List<String> allowed = w.placement().pools(names);
        for (Container c : w.containers()) {
          ImageReference image = ImageReference.parse(c.image());
          if (allowed.isEmpty()) {
            List<String> missing = w.placement().missing(names);
            for (String pool :
                missing.isEmpty() ? Collections.<String>singletonList(null) : missing) {
              rows.add(CompletableFuture.completedFuture(nowhere(info, w, c, image, pool, names)));
            }
          } else if (!image.inScope()) {
            rows.add(
                CompletableFuture.completedFuture(
                    new PreflightRow(w, c, null, null, null, null, null)));
          } else {
            for (String pool : allowed) {
              rows.add(run.investigate(pools.get(pool), image).thenApply(d -> row(w, c, pool, d)));
            }
          }
        }
      }
      return new PreflightReport(
          cluster,
          method.name().toLowerCase(Locale.ROOT),
          manifest.workloads().size(),
          rows.stream().map(Auditor::join).toList(),
          manifest.ignored(),
          run.accessChecks());
    }
  }

  private static PreflightRow row(Workload w, Container c, String pool, Diagnosis d) {
    return new PreflightRow(
        w,
        c,
        pool,
        d.rootCause() == RootCause.ACCESS_NOW_GRANTED,
        d.rootCause(),
        d.advice(),
        d.evidence());
  }

  /** A container whose pods no pool of the cluster may run: decided by the placement alone. */
  private static PreflightRow nowhere(
      ClusterInfo cluster,
      Workload w,
      Container c,
      ImageReference image,
      String missingPool,
      List<String> pools) {
    String placement = w.placement().describe();
    Evidence e =
        new Evidence.Builder()
            .failureKind(FailureKind.UNKNOWN)
            .image(image)
            .cluster(cluster.ref())
            .repository(image.inScope() ? image.repositoryRef() : null)
            .nodePool(
                missingPool,
                w.kind()
                    + " "
                    + w.name()
                    + " asks for "
                    + placement
                    + "; the cluster's node pools are "
                    + String.join(", ", pools))
            .build();
    return new PreflightRow(
        w,
        c,
        missingPool,
        false,
        RootCause.NODE_POOL_NOT_FOUND,
        Advice.of(RootCause.NODE_POOL_NOT_FOUND, e, null, null, null),
        null);
  }
}
