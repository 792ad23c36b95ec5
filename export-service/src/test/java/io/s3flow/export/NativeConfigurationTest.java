package io.s3flow.export;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * No GraalVM here, so no native executable is built; what the native configuration names must at least exist on the
 * class path a native build would see, or a rename would leave it pointing at nothing (native-image warns, the image
 * fails at run time). Plain JUnit: no Quarkus application starts.
 */
class NativeConfigurationTest {

    private static final ClassLoader LOADER = NativeConfigurationTest.class.getClassLoader();

    @Test
    void theJniCallbacksNamedExist() throws Exception {
        JsonNode metadata;
        try (InputStream in = LOADER.getResourceAsStream("META-INF/native-image/io.s3flow/export-service/reachability-metadata.json")) {
            assertNotNull(in, "reachability-metadata.json is not on the class path");
            metadata = new ObjectMapper().readTree(in);
        }
        assertFalse(metadata.path("jni").isEmpty());
        for (JsonNode type : metadata.path("jni")) {
            Class<?> owner = Class.forName(type.path("type").asText(), false, LOADER);
            for (JsonNode method : type.path("methods")) {
                List<Class<?>> parameters = new ArrayList<>();
                for (JsonNode parameter : method.path("parameterTypes")) {
                    parameters.add(primitiveOrClass(parameter.asText()));
                }
                owner.getDeclaredMethod(method.path("name").asText(), parameters.toArray(Class<?>[]::new));
            }
        }
    }

    @Test
    void theResourcesIncludedAreOnTheClassPath() throws IOException {
        String includes = load(LOADER.getResource("application.properties")).getProperty("quarkus.native.resources.includes", "");
        assertFalse(includes.isBlank(), "no resources included in the native image");
        for (String resource : includes.split(",")) {
            assertNotNull(LOADER.getResource(resource.trim()), resource + " is included but not on the class path");
        }
    }

    private static Properties load(URL url) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = url.openStream()) {
            properties.load(in);
        }
        return properties;
    }

    private static Class<?> primitiveOrClass(String name) throws ClassNotFoundException {
        return switch (name) {
            case "int" -> int.class;
            case "long" -> long.class;
            case "boolean" -> boolean.class;
            case "byte" -> byte.class;
            case "short" -> short.class;
            case "char" -> char.class;
            case "float" -> float.class;
            case "double" -> double.class;
            default -> Class.forName(name, false, LOADER);
        };
    }
}
