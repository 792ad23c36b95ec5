package io.s3flow.export;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.s3flow.common.testing.Architecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final String ROOT = "io.s3flow.export";
    private static final JavaClasses CLASSES = Architecture.mainClasses(ROOT);

    @Test
    void noPackageReachesItselfThroughOthers() {
        Architecture.noPackageCycles(ROOT).check(CLASSES);
    }

    @Test
    void resourcesCallServicesAndServicesCallStores() {
        Architecture.resourcesServicesStores().check(CLASSES);
        Architecture.storesDoNotCallServices().check(CLASSES);
    }

    @Test
    void whatStreamsAndExportsShareKnowsNeither() {
        Architecture.independent(ROOT, "sink", "stream", "delivery", "scheduled", "run").check(CLASSES);
    }

    @Test
    void streamsAndExportsNeverImportEachOther() {
        Architecture.independent(ROOT, "stream", "scheduled", "run").check(CLASSES);
        Architecture.independent(ROOT, "delivery", "scheduled", "run").check(CLASSES);
        Architecture.independent(ROOT, "scheduled", "stream", "delivery").check(CLASSES);
        Architecture.independent(ROOT, "run", "stream", "delivery").check(CLASSES);
    }
}
