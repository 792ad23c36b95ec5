package io.s3flow.connection.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s3flow.common.net.AllowList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The serviceUrl rules, spelled as a hostile caller would; each refusal names its rule. */
class ServiceUrlPolicyTest {

    private final ServiceUrlPolicy policy = new ServiceUrlPolicy(new AllowList(List.of("http://127.0.0.1:5001")));

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://localhost.                    | must not end with a dot
            https://metadata.google.internal.     | must not end with a dot
            https://localhost                     | single label
            https://localhost.localdomain         | internal host name
            https://credential-service            | single label
            https://postgres:5432                 | single label
            https://kubernetes.default.svc        | internal host name
            https://export-service.s3flow.svc.cluster.local | internal host name
            https://metadata.google.internal      | internal host name
            https://printer.local                 | internal host name
            https://router.home.arpa              | internal host name
            https://x.localhost                   | internal host name
            https://0x7f.0.0.1                    | absolute URL with a host
            https://2130706433                    | four decimal numbers
            https://0177.0.0.1                    | four decimal numbers
            https://017700000001                  | four decimal numbers
            https://127.1                         | absolute URL with a host
            https://0x7f.0.0.1                    | absolute URL with a host
            https://127.000.000.001               | four decimal numbers
            https://127.0.0.1                     | loopback
            https://10.0.0.8                      | private
            https://172.16.3.4                    | private
            https://192.168.0.1:9000              | private
            https://169.254.169.254               | link-local or cloud-metadata
            https://100.64.0.1                    | carrier-grade NAT
            https://0.0.0.0                       | unspecified
            https://224.0.0.1                     | multicast
            https://255.255.255.255               | reserved
            https://[::1]                         | loopback
            https://[::]                          | outside global unicast
            https://[::127.0.0.1]                 | outside global unicast
            https://[64:ff9b::a9fe:a9fe]          | outside global unicast
            https://[::ffff:127.0.0.1]            | loopback
            https://[::ffff:169.254.169.254]      | link-local or cloud-metadata
            https://[fe80::1]                     | link-local
            https://[fd00:ec2::254]               | unique-local
            https://[2001:db8::1]                 | reserved
            https://[2002:7f00:1::1]              | 6to4
            http://s3.example.com                 | https
            http://127.0.0.1:5000                 | https
            https://s3.example.com/path           | origin
            https://user:pw@s3.example.com        | no user info
            not a url                             | absolute URL
            """)
    void refused(String url, String rule) {
        Optional<String> problem = policy.check(url);
        assertTrue(problem.isPresent(), url + " was accepted");
        assertTrue(problem.get().contains(rule), url + ": " + problem.get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://[fe80::1%25eth0]", "https://[fe80::1%eth0]"})
    void zonedLinkLocalAddressesAreRefused(String url) {
        assertTrue(policy.check(url).isPresent(), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://s3.eu-west-1.amazonaws.com", "https://minio.example.com:9000", "https://52.216.0.1",
            "https://[2600:1f18::1]", "https://S3.Example.COM/", "http://127.0.0.1:5001"})
    void publicHttpsAndAllowListedOriginsAreAccepted(String url) {
        assertEquals(Optional.empty(), policy.check(url), url);
    }
}
