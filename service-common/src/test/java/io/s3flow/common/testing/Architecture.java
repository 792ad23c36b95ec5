package io.s3flow.common.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;

/**
 * The rules every service's architecture test holds its main code to: packages by feature without cycles, and
 * resources → services → stores (a class named {@code …Store} or {@code …Service} never reaches back to a resource; a
 * store never to a service).
 */
public final class Architecture {

    private Architecture() {
    }

    /** The service's own main classes (tests left out). */
    public static JavaClasses mainClasses(String rootPackage) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(rootPackage);
    }

    /** Each package below the root, with its sub-packages, is one slice; no slice may reach itself through others. */
    public static ArchRule noPackageCycles(String rootPackage) {
        return slices().matching(rootPackage + ".(*)..").should().beFreeOfCycles();
    }

    public static ArchRule resourcesServicesStores() {
        return noClasses().that().haveNameMatching(".*(Store|Service)(\\$.*)?")
                .should().dependOnClassesThat().haveNameMatching(".*Resource(\\$.*)?")
                .because("resources call services, services call stores, never the other way")
                .allowEmptyShould(true);
    }

    public static ArchRule storesDoNotCallServices() {
        return noClasses().that().haveNameMatching(".*Store(\\$.*)?")
                .should().dependOnClassesThat().haveNameMatching(".*Service(\\$.*)?")
                .because("a store reads and writes its tables; what to do with them is a service's")
                .allowEmptyShould(true);
    }

    /** Nothing in {@code from} (a package below the root, with its sub-packages) uses any of {@code others}. */
    public static ArchRule independent(String rootPackage, String from, String... others) {
        String[] packages = Arrays.stream(others).map(p -> rootPackage + "." + p + "..").toArray(String[]::new);
        return noClasses().that().resideInAPackage(rootPackage + "." + from + "..")
                .should().dependOnClassesThat().resideInAnyPackage(packages);
    }
}
