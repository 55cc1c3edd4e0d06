package dev.pulldoctor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Domain first, adapters at the edge (STYLE.md points 1 and 10c, DESIGN.md §7). */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.pulldoctor");

  @Test
  void domainClassifyAndRules_dependOnNoGoogleClientLibrary() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.pulldoctor.domain..", "dev.pulldoctor.classify..", "dev.pulldoctor.diagnose..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.google.cloud..",
            "com.google.api..",
            "com.google.iam..",
            "com.google.devtools..",
            "com.google.container..",
            "com.google.protobuf..",
            "io.grpc..",
            "com.google.auth..")
        .check(CLASSES);
  }

  @Test
  void domainAndClassify_dependOnNothingOfOurs_butEachOther() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.pulldoctor.domain..", "dev.pulldoctor.classify..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.pulldoctor.intake..",
            "dev.pulldoctor.diagnose..",
            "dev.pulldoctor.remediate..",
            "dev.pulldoctor.report..",
            "dev.pulldoctor.gcp..",
            "dev.pulldoctor.cli..",
            "dev.pulldoctor.sandbox..",
            "dev.pulldoctor.dashboard..")
        .check(CLASSES);
  }

  @Test
  void productionCode_neverDependsOnTheSandbox_butTheCli() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.pulldoctor.sandbox..", "dev.pulldoctor.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.pulldoctor.sandbox..")
        .check(CLASSES);
  }

  @Test
  void googleClientAdapters_arePackagePrivate() {
    classes()
        .that()
        .resideInAPackage("dev.pulldoctor.gcp..")
        .and()
        .haveSimpleNameEndingWith("Adapter")
        .should()
        .notBePublic()
        .allowEmptyShould(true)
        .check(CLASSES);
  }

  /**
   * The root package is the entry point: it wires the rest, and nothing below it imports it, so
   * each adapter takes its own settings record (DESIGN.md §7). This also keeps the root package out
   * of any cycle, which the slices rule below cannot see: its pattern matches subpackages only.
   */
  @Test
  void nothingBelowTheEntryPoint_dependsOnTheRootPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.pulldoctor")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.pulldoctor")
        .check(CLASSES);
  }

  @Test
  void packages_areFreeOfCycles() {
    slices().matching("dev.pulldoctor.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  /**
   * The function's archive leaves out the sandbox, the CLI and the dashboard (pom.xml, execution
   * {@code function-jar}); this rule is what makes that safe: no class the function can reach — the
   * root package and every package but those three — depends on them, so the archive cannot miss a
   * class at run time. FunctionArchiveIT checks the archive itself.
   */
  @Test
  void whatTheFunctionRuns_dependsOnNoSandboxCliOrDashboard() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "dev.pulldoctor.sandbox..", "dev.pulldoctor.cli..", "dev.pulldoctor.dashboard..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.pulldoctor.sandbox..",
            "dev.pulldoctor.cli..",
            "dev.pulldoctor.dashboard..",
            // The libraries the archive leaves out with them.
            "picocli..",
            "io.grpc.inprocess..")
        .check(CLASSES);
  }
}
