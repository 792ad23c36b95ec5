package io.s3flow.common.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class S3EndpointTest {

    private static final Optional<URI> MOTO = Optional.of(URI.create("http://127.0.0.1:5000"));

    @ParameterizedTest
    @CsvSource({
            "https://s3.eu-west-1.amazonaws.com, eu-west-1, false, false",
            "https://s3-eu-west-1.amazonaws.com, eu-west-1, false, false",
            "https://s3.dualstack.ap-southeast-2.amazonaws.com, ap-southeast-2, false, true",
            "https://s3-fips.us-east-2.amazonaws.com, us-east-2, true, false",
            "https://s3-fips.dualstack.us-gov-west-1.amazonaws.com, us-gov-west-1, true, true",
            "https://s3-fips-us-gov-west-1.amazonaws.com, us-gov-west-1, true, false",
            "https://s3.amazonaws.com, us-east-1, false, false",
            "https://s3-external-1.amazonaws.com, us-east-1, false, false",
            "https://my-bucket.s3.eu-central-1.amazonaws.com, eu-central-1, false, false",
            "https://my.dotted.bucket.s3.eu-central-1.amazonaws.com, eu-central-1, false, false",
            "https://s3.cn-north-1.amazonaws.com.cn, cn-north-1, false, false",
            "https://S3.EU-WEST-3.AMAZONAWS.COM, eu-west-3, false, false",
    })
    void anAwsEndpointNamesItsRegionAndIsLeftToTheSdk(String serviceUrl, String region, boolean fips, boolean dualstack) {
        S3Endpoint endpoint = S3Endpoint.of(serviceUrl, null, MOTO);
        assertEquals(Optional.of(region), endpoint.namedRegion());
        assertEquals(fips, endpoint.fips());
        assertEquals(dualstack, endpoint.dualstack());
        assertNull(endpoint.override(), "the SDK builds AWS endpoints itself, virtual-hosted");
        assertFalse(endpoint.discoverable());
        assertEquals(region, endpoint.region("us-west-2", "us-east-1"), "a named region wins over a remembered one");
    }

    @ParameterizedTest
    @CsvSource({
            "https://minio.example.com",
            "https://s3.eu-west-1.amazonaws.com.evil.example",
            "https://storage.googleapis.com",
            "https://s3.not-a-region.amazonaws.com",
            "https://s3-website-us-east-1.amazonaws.com",
            "https://s3-accesspoint.eu-west-1.amazonaws.com",
            "http://127.0.0.1:5000",
    })
    void anyOtherServerIsS3CompatiblePathStyleInUsEast1(String serviceUrl) {
        S3Endpoint endpoint = S3Endpoint.of(serviceUrl, null, MOTO);
        assertEquals(URI.create(serviceUrl), endpoint.override());
        assertTrue(endpoint.pathStyle());
        assertFalse(endpoint.discoverable(), "no region is discovered on S3-compatible servers");
        assertEquals("us-east-1", endpoint.region(null, "eu-north-1"));
        assertEquals("eu-west-1", endpoint.region("eu-west-1", "eu-north-1"), "unless a redirect said otherwise");
        assertEquals("garage", S3Endpoint.of(serviceUrl, "garage", MOTO).region(null, "eu-north-1"), "or the connection says so");
    }

    @Test
    void withoutServiceUrlTheOperatorsEndpointAndADiscoveredRegion() {
        S3Endpoint moto = S3Endpoint.of(null, null, MOTO);
        assertEquals(MOTO.get(), moto.override());
        assertTrue(moto.pathStyle());
        assertTrue(moto.discoverable());
        assertEquals("ap-southeast-2", moto.region("ap-southeast-2", "us-east-1"));
        assertEquals("us-east-1", moto.region(null, "us-east-1"));

        S3Endpoint aws = S3Endpoint.of(null, "eu-west-1", Optional.empty());
        assertNull(aws.override());
        assertFalse(aws.pathStyle());
        assertFalse(aws.discoverable(), "a region param is not second-guessed");
        assertEquals("eu-west-1", aws.region("us-west-2", "us-east-1"));
    }
}
