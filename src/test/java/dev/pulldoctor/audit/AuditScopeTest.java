package dev.pulldoctor.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.RepositoryRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditScopeTest {
  static final ClusterRef PROD = ClusterRef.parse("acme-prod-417/us-central1/prod");

  @Test
  void repositoryProjects_defaultToTheClustersProjects() {
    assertThat(
            new AuditScope(null, List.of("a-1", "b-2", "a-1"), List.of(), List.of())
                .repositoryProjects())
        .containsExactly("a-1", "b-2");
    assertThat(new AuditScope(PROD, List.of(), List.of(), List.of()).repositoryProjects())
        .containsExactly("acme-prod-417");
  }

  @Test
  void namedRepositories_listNoProject() {
    AuditScope scope =
        new AuditScope(
            PROD,
            null,
            List.of(RepositoryRef.parse("p/us/r"), RepositoryRef.parse("p/us/r")),
            null);

    assertThat(scope.repositories()).containsExactly(new RepositoryRef("p", "us", "r"));
    assertThat(scope.repositoryProjects()).isEmpty();
  }

  @Test
  void aScope_refusesNeitherOrBothClusterChoices_andBothRepositoryChoices() {
    assertThatThrownBy(() -> new AuditScope(null, List.of(), List.of(), List.of()))
        .hasMessage("name one cluster or one or more projects, not neither");
    assertThatThrownBy(() -> new AuditScope(PROD, List.of("p-1"), List.of(), List.of()))
        .hasMessage("name one cluster or one or more projects, not both");
    assertThatThrownBy(
            () ->
                new AuditScope(
                    PROD, List.of(), List.of(RepositoryRef.parse("p/us/r")), List.of("p-1")))
        .hasMessage("name repositories or repository projects, not both");
    assertThatThrownBy(() -> new AuditScope(null, List.of("a/b"), List.of(), List.of()))
        .hasMessage("--project 'a/b' is not a project id");
  }

  @Test
  void repositoryRef_parsesProjectLocationName() {
    assertThat(RepositoryRef.parse("acme/us-central1/services"))
        .isEqualTo(new RepositoryRef("acme", "us-central1", "services"));
    assertThatThrownBy(() -> RepositoryRef.parse("services"))
        .hasMessage("a repository is PROJECT/LOCATION/NAME, got: services");
  }
}
