package dev.pulldoctor.sandbox;

import com.google.cloud.location.ListLocationsRequest;
import com.google.cloud.location.ListLocationsResponse;
import com.google.cloud.location.Location;
import dev.pulldoctor.gcp.Locations;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The {@code google.cloud.location.Locations} mixin, answered as Artifact Registry answers it: the
 * clients' {@code listLocations} is how Pull Doctor finds the locations to look for a repository
 * in, since ListRepositories takes no location wildcard.
 *
 * <p>The mixin's gRPC stub is not among the project's artifacts, so the service is defined here
 * from its proto messages and its method name.
 */
final class LocationsService implements BindableService {

  private static final String SERVICE = "artifactregistry.googleapis.com";
  private static final String PERMISSION =
      Access.permissionOf("artifactregistry.projects.locations.list");

  // Artifact Registry's repository locations
  // (https://cloud.google.com/artifact-registry/docs/repositories/repo-locations).
  private static final List<String> AR_LOCATIONS =
      List.of(
          "asia",
          "europe",
          "us",
          "africa-south1",
          "asia-east1",
          "asia-east2",
          "asia-northeast1",
          "asia-northeast2",
          "asia-northeast3",
          "asia-south1",
          "asia-south2",
          "asia-southeast1",
          "asia-southeast2",
          "australia-southeast1",
          "australia-southeast2",
          "europe-central2",
          "europe-north1",
          "europe-north2",
          "europe-southwest1",
          "europe-west1",
          "europe-west10",
          "europe-west12",
          "europe-west2",
          "europe-west3",
          "europe-west4",
          "europe-west6",
          "europe-west8",
          "europe-west9",
          "me-central1",
          "me-central2",
          "me-west1",
          "northamerica-northeast1",
          "northamerica-northeast2",
          "northamerica-south1",
          "southamerica-east1",
          "southamerica-west1",
          "us-central1",
          "us-east1",
          "us-east4",
          "us-east5",
          "us-south1",
          "us-west1",
          "us-west2",
          "us-west3",
          "us-west4");

  private final Access access;

  LocationsService(Access access) {
    this.access = access;
  }

  @Override
  public ServerServiceDefinition bindService() {
    return ServerServiceDefinition.builder(Locations.SERVICE_NAME)
        .addMethod(Locations.LIST_LOCATIONS, ServerCalls.asyncUnaryCall(this::listLocations))
        .build();
  }

  void listLocations(ListLocationsRequest request, StreamObserver<ListLocationsResponse> out) {
    Access.answer(
        out,
        () -> {
          String name = request.getName();
          String project = Names.parse(name, "projects/{}").get(0);
          Project p = access.project(project, PERMISSION, name);
          access.requireEnabled(p, SERVICE);
          access.require(PolicyKey.project(p.id()), PERMISSION, name);
          // Every location Artifact Registry offers, and any other a world's repositories use.
          TreeSet<String> ids = new TreeSet<>(AR_LOCATIONS);
          p.repositories().values().forEach(r -> ids.add(r.location()));
          List<Location> all = new ArrayList<>();
          for (String id : ids) {
            all.add(
                Location.newBuilder()
                    .setName("projects/" + p.id() + "/locations/" + id)
                    .setLocationId(id)
                    .build());
          }
          Listing.Page<Location> page =
              Listing.page(all, request.getPageSize(), request.getPageToken());
          return ListLocationsResponse.newBuilder()
              .addAllLocations(page.items())
              .setNextPageToken(page.nextPageToken())
              .build();
        });
  }
}
