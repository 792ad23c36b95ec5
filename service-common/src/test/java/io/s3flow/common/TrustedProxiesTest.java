package io.s3flow.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.vertx.http.runtime.TrustedProxyCheck;
import io.quarkus.vertx.http.runtime.TrustedProxyCheckPartConverter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The trusted proxies every service shares, read as Quarkus reads them: each must be an address or a CIDR. Anything
 * else is a host name, which Quarkus looks up in DNS on every request (a bare {@code ::1} was one: host ":", port 1),
 * and which trusts nothing when the lookup fails.
 */
class TrustedProxiesTest {

    @Test
    void everyTrustedProxyIsAnAddressOrARangeNotAHostLookedUpPerRequest() throws IOException, ReflectiveOperationException {
        Properties shared = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/microprofile-config.properties")) {
            shared.load(in);
        }
        Matcher defaults = Pattern.compile("\\$\\{S3FLOW_TRUSTED_PROXIES:(.+)}").matcher(shared.getProperty("quarkus.http.proxy.trusted-proxies"));
        assertTrue(defaults.matches());
        List<String> proxies = List.of(defaults.group(1).split(","));
        assertTrue(proxies.contains("::1/128"), "IPv6 loopback is trusted as IPv4's is: " + proxies);
        for (String proxy : proxies) {
            assertNull(hostNameOf(new TrustedProxyCheckPartConverter().convert(proxy)), proxy + " is read as a host name");
        }
        assertEquals(":", hostNameOf(new TrustedProxyCheckPartConverter().convert("::1")), "the check sees the mistake it is for");
    }

    /** The host name Quarkus would look up for this part (a package-private field of it), null for an address check. */
    private static Object hostNameOf(TrustedProxyCheck.TrustedProxyCheckPart part) throws ReflectiveOperationException {
        Field hostName = TrustedProxyCheck.TrustedProxyCheckPart.class.getDeclaredField("hostName");
        hostName.setAccessible(true);
        return hostName.get(part);
    }
}
