package io.s3flow.credential;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.s3flow.common.testing.Architecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final String ROOT = "io.s3flow.credential";
    private static final JavaClasses CLASSES = Architecture.mainClasses(ROOT);

    @Test
    void noPackageReachesItselfThroughOthers() {
        Architecture.noPackageCycles(ROOT).check(CLASSES);
    }

    @Test
    void resourcesCallServicesAndServicesCallStores() {
        Architecture.resourcesServicesStores().check(CLASSES);
    }

    @Test
    void stsKnowsNothingOfTheResolveEndpoint() {
        Architecture.independent(ROOT, "sts", "resolve").check(CLASSES);
    }
}
