package io.s3flow.common.compat;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Flow Service clients call {@code /data/foundation/flowservice/connections}; the gateway strips that prefix, and so
 * does each service, so that a client pointed straight at a service works unchanged too.
 */
@ApplicationScoped
public class FlowServicePrefix {

    public static final String PREFIX = "/data/foundation/flowservice";

    void install(@Observes Router router) {
        router.routeWithRegex(PREFIX.replace("/", "\\/") + "(\\/.*)").order(Integer.MIN_VALUE + 2).handler(ctx -> {
            String rest = ctx.pathParam("param0");
            String query = ctx.request().query();
            ctx.reroute(query == null ? rest : rest + "?" + query);
        });
    }
}
