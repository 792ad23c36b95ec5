package io.s3flow.export.event;

import java.util.List;

/** A request's events: the valid ones in order, and why the others were rejected. */
public record ParsedEvents(List<IncomingEvent> valid, List<Rejection> rejected) {
}
