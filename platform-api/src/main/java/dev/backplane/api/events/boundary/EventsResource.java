package dev.backplane.api.events.boundary;

import dev.backplane.api.events.control.EventHub;
import dev.backplane.api.events.control.EventSink;
import dev.backplane.api.events.control.StoredEvent;
import dev.backplane.api.events.control.TopicAccess;
import dev.backplane.api.problem.control.InvalidInputException;
import dev.backplane.api.problem.control.ResourceNotFoundException;
import dev.backplane.api.problem.entity.FieldViolation;
import dev.backplane.api.security.boundary.BearerTokenFilter;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /api/v1/events?topics=...}: changes as Server-Sent Events, made on any instance, in
 * each topic's order, resumable with {@code Last-Event-ID}. Who may follow a topic is its feature's
 * rule (a collection's read rule, administrators' and operators' for users and policies); a
 * subscriber sees only the events it may read.
 */
@Path("events")
@ApplicationScoped
@PermitAll
public class EventsResource {

  private static final Pattern TOPIC = Pattern.compile("[a-z][a-z0-9_.-]{0,99}");
  private static final Pattern POSITION = Pattern.compile("([a-z][a-z0-9_.-]{0,99})=(\\d{1,18})");
  private static final int MAX_TOPICS = 20;
  private static final long SEND_TIMEOUT_SECONDS = 10;

  @Inject EventHub hub;
  @Inject @Any Instance<TopicAccess> topics;

  @Operation(
      operationId = "streamEvents",
      summary = "Follow changes as Server-Sent Events, resumable with Last-Event-ID",
      description =
          "topics: comma-separated, up to 20: collections.<name> (its read rule applies to each"
              + " event), users, rate-limit-policies (administrators and operators). Each event's"
              + " name is its type and its data a ChangeEvent; its id is every followed stream's"
              + " position (stream=id,...), which Last-Event-ID gives back to resume without"
              + " missing an event kept by the retention window. A comment every 15 s keeps the"
              + " connection alive; a subscriber too slow to take its events is sent 'dropped'"
              + " and disconnected.")
  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void subscribe(
      @QueryParam("topics") String topicList,
      @HeaderParam("Last-Event-ID") String lastEventId,
      @Context HttpServletRequest request,
      @Context SseEventSink sink,
      @Context Sse sse) {
    var caller = BearerTokenFilter.token(request);
    var readers = new LinkedHashMap<String, Predicate<StoredEvent>>();
    for (var topic : topics(topicList)) {
      var access =
          topics.stream()
              .filter(candidate -> candidate.owns(topic))
              .findFirst()
              .orElseThrow(() -> new ResourceNotFoundException("There is no topic " + topic + "."));
      readers.put(topic, access.reader(topic, caller));
    }
    hub.subscribe(
        readers,
        positions(lastEventId),
        new ServerSentEvents(sink, sse),
        caller == null ? null : caller.subject(),
        caller == null ? null : caller.expiresAt());
  }

  private static List<String> topics(String list) {
    if (list == null || list.isBlank()) {
      throw invalid("topics", "is required: the topics to follow, comma-separated");
    }
    if (list.length() > 2000) {
      throw invalid("topics", "must be at most 2,000 characters");
    }
    var topics = List.of(list.split(",", -1)).stream().map(String::trim).distinct().toList();
    if (topics.size() > MAX_TOPICS) {
      throw invalid("topics", "must name at most " + MAX_TOPICS + " topics");
    }
    for (var topic : topics) {
      if (!TOPIC.matcher(topic).matches()) {
        throw invalid("topics", "must be names like collections.orders, users, comma-separated");
      }
    }
    return topics;
  }

  /** The positions a Last-Event-ID gives: stream=id, comma-separated. */
  private static Map<String, Long> positions(String lastEventId) {
    var positions = new LinkedHashMap<String, Long>();
    if (lastEventId == null || lastEventId.isBlank()) {
      return positions;
    }
    if (lastEventId.length() > 4000) {
      throw invalid("Last-Event-ID", "must be at most 4,000 characters");
    }
    for (var part : lastEventId.split(",", -1)) {
      var matcher = POSITION.matcher(part.trim());
      if (!matcher.matches()) {
        throw invalid("Last-Event-ID", "must be an event's id as this stream sent it");
      }
      positions.put(matcher.group(1), Long.parseLong(matcher.group(2)));
    }
    return positions;
  }

  private static InvalidInputException invalid(String field, String message) {
    return new InvalidInputException(List.of(new FieldViolation(field, message)));
  }

  /** The subscriber's connection: each write waits a bounded time, then the subscriber is gone. */
  private record ServerSentEvents(SseEventSink sink, Sse sse) implements EventSink {

    @Override
    public void send(String id, String name, String data) throws IOException {
      var event = sse.newEventBuilder().name(name).data(data).reconnectDelay(2000);
      if (id != null) {
        event.id(id);
      }
      write(event.build());
    }

    @Override
    public void heartbeat() throws IOException {
      write(sse.newEventBuilder().comment("heartbeat").build());
    }

    private void write(jakarta.ws.rs.sse.OutboundSseEvent event) throws IOException {
      if (sink.isClosed()) {
        throw new IOException("the subscriber disconnected");
      }
      try {
        sink.send(event).toCompletableFuture().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new IOException("the subscriber did not take an event in time", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }

    @Override
    public void close() {
      try {
        sink.close();
      } catch (IOException | RuntimeException e) {
        // gone already
      }
    }
  }
}
