package io.s3flow.export.event;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "s3flow.events")
public interface EventsConfig {

    /** Events in one POST /events. */
    @WithDefault("10000")
    int maxPerRequest();

    /** One event's JSON, in bytes; a larger event is rejected alone. */
    @WithDefault("921600")
    int maxEventBytes();

    /** How long delivered events are kept (undelivered ones are kept until every stream has them). */
    @WithDefault("P7D")
    Duration retention();

    /** Daily partitions created ahead of today. */
    @WithDefault("3")
    int partitionsAhead();
}
