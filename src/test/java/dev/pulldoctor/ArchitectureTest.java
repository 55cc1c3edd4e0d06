package dev.pulldoctor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Domain first, adapters at the edge (STYLE.md point 1). */
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
}
