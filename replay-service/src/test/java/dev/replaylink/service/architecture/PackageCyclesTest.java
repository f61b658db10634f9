package dev.replaylink.service.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The service's packages depend on each other one way (ingest → index → storage ← query ← ui, see
 * the README): no cycle between them, {@code model} depends on no other package of the service and
 * {@code storage} only on {@code model}. Read from the compiled main classes, so every reference
 * counts, not only imports.
 */
class PackageCyclesTest {
  private static final String SERVICE = "dev.replaylink.service";
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(SERVICE);

  private static ArchRule noCycles(String root) {
    return slices().matching(root + ".(*)..").should().beFreeOfCycles();
  }

  @Test
  void packagesFormNoCycle() {
    assertTrue(MAIN.contain(SERVICE + ".ingest.IngestPipeline"), "the main classes were read");
    noCycles(SERVICE).check(MAIN);
  }

  @Test
  void modelDependsOnNothingOfTheService() {
    noClasses()
        .that()
        .resideInAPackage(SERVICE + ".model..")
        .should()
        .dependOnClassesThat(
            resideInAPackage(SERVICE + "..").and(not(resideInAPackage(SERVICE + ".model.."))))
        .check(MAIN);
  }

  @Test
  void storageDependsOnlyOnTheModel() {
    noClasses()
        .that()
        .resideInAPackage(SERVICE + ".storage..")
        .should()
        .dependOnClassesThat(
            resideInAPackage(SERVICE + "..")
                .and(not(resideInAPackage(SERVICE + ".model..")))
                .and(not(resideInAPackage(SERVICE + ".storage.."))))
        .check(MAIN);
  }

  @Test
  void aCycleIsReported() {
    String fixture = PackageCyclesTest.class.getPackageName() + ".cycle";
    JavaClasses withCycle = new ClassFileImporter().importPackages(fixture);
    assertThrows(AssertionError.class, () -> noCycles(fixture).check(withCycle));
  }
}
