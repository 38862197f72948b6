package dev.backplane.api.collections.control;

import dev.backplane.api.events.control.EventLog;
import dev.backplane.api.events.control.StoredEvent;
import dev.backplane.api.events.control.TopicAccess;
import dev.backplane.api.problem.control.NotAuthenticatedException;
import dev.backplane.api.problem.control.NotPermittedException;
import dev.backplane.api.problem.control.RefusedException;
import dev.backplane.api.security.entity.VerifiedToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.function.Predicate;

/**
 * Records' changes as events, on the topic {@code collections.<name>}: appended in the change's
 * transaction; followed by whoever the collection's read and list rules admit, who sees the events
 * of the records it may list and read (as the rules are when each event is sent).
 */
@ApplicationScoped
public class RecordEvents implements TopicAccess {

  static final String PREFIX = "collections.";

  @Inject EventLog log;
  @Inject CollectionDefinitions definitions;

  static String topic(String collection) {
    return PREFIX + collection;
  }

  void created(String collection, JsonObject record) {
    append(collection, "record.created", record);
  }

  void updated(String collection, JsonObject record) {
    append(collection, "record.updated", record);
  }

  void deleted(String collection, String id, String owner) {
    log.append(
        topic(collection),
        "record.deleted",
        id,
        owner,
        Json.createObjectBuilder().add("id", id).build());
  }

  private void append(String collection, String type, JsonObject record) {
    log.append(
        topic(collection), type, record.getString("id"), record.getString("owner", null), record);
  }

  @Override
  public boolean owns(String topic) {
    return topic.startsWith(PREFIX);
  }

  @Override
  public Predicate<StoredEvent> reader(String topic, VerifiedToken caller) {
    var collection = topic.substring(PREFIX.length());
    var rules = definitions.get(collection).spec().rules();
    // as a list shows records: only those both rules let the caller see
    if (!new Access(rules.read(), caller).possible()
        || !new Access(rules.list(), caller).possible()) {
      if (caller == null) {
        throw new NotAuthenticatedException("Sign in to follow the records of " + collection + ".");
      }
      throw new NotPermittedException(
          "Your roles do not allow you to read the records of " + collection + ".");
    }
    return event -> {
      try {
        var now = definitions.get(collection).spec().rules();
        return new Access(now.read(), caller).allows(event.owner())
            && new Access(now.list(), caller).allows(event.owner());
      } catch (RefusedException gone) {
        return false;
      }
    };
  }
}
