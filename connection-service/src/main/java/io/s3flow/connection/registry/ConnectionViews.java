package io.s3flow.connection.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import io.s3flow.common.aws.S3Endpoint;

/** Turns stored connections into what clients may see. */
final class ConnectionViews {

    static final String ACCESS_KEY_PARAM = "s3AccessKey";
    static final String SERVICE_URL_PARAM = "serviceUrl";
    static final String REGION_PARAM = "region";
    private static final int VISIBLE_KEY_CHARS = 4;

    private ConnectionViews() {
    }

    /** Secret params are not in {@link Connection#params} at all; the access key id is masked but for its tail. */
    static ConnectionItem item(Connection c) {
        Map<String, String> params = new LinkedHashMap<>(c.params);
        params.computeIfPresent(ACCESS_KEY_PARAM, (k, v) -> mask(v));
        return new ConnectionItem(c.id, c.name, c.description, new ConnectionItem.Auth(c.authSpecName, params),
                new ConnectionItem.SpecRef(c.specId, c.specVersion), c.state, c.etag(), c.version,
                c.createdAt.toEpochMilli(), c.updatedAt.toEpochMilli(), c.createdBy, c.updatedBy, c.createdClient,
                c.updatedClient, c.sandboxName, c.orgId, shownRegion(c.params, c.region));
    }

    /** What the connection signs for: named in its params or its AWS serviceUrl, else remembered (null until known). */
    static String shownRegion(Map<String, String> params, String remembered) {
        return S3Endpoint.of(params.get(SERVICE_URL_PARAM), params.get(REGION_PARAM), Optional.empty()).region(remembered, null);
    }

    static String mask(String value) {
        int shown = Math.min(VISIBLE_KEY_CHARS, value.length() / 2);
        return "*".repeat(value.length() - shown) + value.substring(value.length() - shown);
    }
}
