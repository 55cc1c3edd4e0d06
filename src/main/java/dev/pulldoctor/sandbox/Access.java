package dev.pulldoctor.sandbox;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/**
 * The checks every sandbox method makes, in Google's order: the API is enabled, the project exists,
 * the caller holds the permission. An unknown project is answered like a missing permission, so a
 * caller learns nothing about projects it may not see.
 */
final class Access {

  private final World world;
  private final Iam iam;

  Access(World world, Iam iam) {
    this.world = world;
    this.iam = iam;
  }

  World world() {
    return world;
  }

  Iam iam() {
    return iam;
  }

  /** The principal the current call stands for. */
  static Principal caller() {
    return ControlInterceptor.CALLER.get();
  }

  /**
   * The one permission Google checks for the current call, from Google's method → permission map by
   * the call's REST method id (DESIGN.md §10).
   */
  static String permission() {
    return MethodPermissions.google().single(restMethod());
  }

  /**
   * The permission Google checks for another REST method, such as the policy reads the
   * troubleshooter makes.
   */
  static String permissionOf(String restMethod) {
    return MethodPermissions.google().single(restMethod);
  }

  /** The REST method id of the current call. */
  static String restMethod() {
    String m = ControlInterceptor.REST_METHOD.get();
    if (m == null) {
      throw new IllegalStateException("the current call has no REST method id");
    }
    return m;
  }

  /** The project, or the same PERMISSION_DENIED a caller without the permission gets. */
  Project project(String idOrNumber, String permission, String resource) {
    return world.project(idOrNumber).orElseThrow(() -> Errors.denied(permission, resource));
  }

  /** A resource-bound API must be enabled in the resource's project. */
  void requireEnabled(Project project, String service) {
    if (!project.enabled(service)) {
      throw Errors.serviceDisabled(project, service);
    }
  }

  /**
   * A consumer-bound API must be enabled in the caller's own project; when that project is not part
   * of the world, the sandbox takes it to be enabled.
   */
  void requireConsumerEnabled(String service) {
    caller().homeProject().flatMap(world::project).ifPresent(p -> requireEnabled(p, service));
  }

  /** Whether the caller holds the permission on the resource. */
  boolean may(PolicyKey target, String permission) {
    return iam.allows(caller(), target, permission);
  }

  void require(PolicyKey target, String permission, String resource) {
    if (!may(target, permission)) {
      throw Errors.denied(permission, resource);
    }
  }

  /** Answers a unary call with the body's result, or with the status it throws. */
  static <T> void answer(StreamObserver<T> out, Supplier<T> body) {
    T result;
    try {
      result = body.get();
    } catch (StatusRuntimeException e) {
      out.onError(e);
      return;
    } catch (RuntimeException e) {
      System.err.println("sandbox: internal error: " + e);
      e.printStackTrace();
      out.onError(io.grpc.Status.INTERNAL.withDescription("sandbox: " + e).asRuntimeException());
      return;
    }
    out.onNext(result);
    out.onCompleted();
  }
}
