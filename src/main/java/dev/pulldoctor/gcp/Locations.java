package dev.pulldoctor.gcp;

import com.google.cloud.location.ListLocationsRequest;
import com.google.cloud.location.ListLocationsResponse;
import io.grpc.MethodDescriptor;

/**
 * The {@code google.cloud.location.Locations} mixin that Artifact Registry serves. Its protos ship
 * in proto-google-common-protos, but no generated gRPC stub does, so the one method Pull Doctor
 * calls (and the sandbox serves) is described here.
 */
public final class Locations {
  private Locations() {}

  public static final String SERVICE_NAME = "google.cloud.location.Locations";

  public static final MethodDescriptor<ListLocationsRequest, ListLocationsResponse> LIST_LOCATIONS =
      ProtoMethods.describe(
          SERVICE_NAME,
          "ListLocations",
          MethodDescriptor.MethodType.UNARY,
          ListLocationsRequest.getDefaultInstance(),
          ListLocationsResponse.getDefaultInstance());
}
