package io.s3flow.common.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/**
 * A test profile whose tests run against a stack of their own ({@code stack}, a test resource) instead of the module's
 * global test resources: Quarkus restarts for them once, with only that stack's configuration.
 */
public abstract class OwnStackProfile implements QuarkusTestProfile {

    private final Class<? extends QuarkusTestResourceLifecycleManager> stack;

    protected OwnStackProfile(Class<? extends QuarkusTestResourceLifecycleManager> stack) {
        this.stack = stack;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(stack));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
