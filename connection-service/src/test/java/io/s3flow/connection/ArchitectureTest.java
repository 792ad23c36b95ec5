package io.s3flow.connection;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.s3flow.common.testing.Architecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final String ROOT = "io.s3flow.connection";
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
    void onlyTheConnectionServiceSealsAndOpensSecrets() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".secret..")
                .and().doNotHaveFullyQualifiedName(ROOT + ".registry.ConnectionService")
                .should().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".secret.EnvelopeCipher")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".secret.SecretsConfig")
                .because("the master keys and the plaintext of a sealed secret stay behind one door")
                .check(CLASSES);
    }

    @Test
    void testExploreAndTheInternalEndpointReachBucketsThroughAccess() {
        for (String feature : new String[] {"check", "explore", "internal"}) {
            noClasses().that().resideInAPackage(ROOT + "." + feature + "..")
                    .should().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".credential.CredentialClient")
                    .orShould().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".bucket.S3ClientFactory")
                    .because("access/ turns a connection into credentials and clients, once (its refusal they may catch)")
                    .check(CLASSES);
        }
    }
}
