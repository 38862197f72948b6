package dev.backplane.api.ratelimit.control;

import dev.backplane.api.events.control.EventLog;
import dev.backplane.api.events.control.StoredEvent;
import dev.backplane.api.events.control.TopicAccess;
import dev.backplane.api.security.entity.VerifiedToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Predicate;

/**
 * Rate-limit policies' changes as events on the topic {@value #TOPIC} (type: the audited action,
 * such as {@code rate-limit-policy.update}; data: the policy after it), for administrators and
 * operators.
 */
@ApplicationScoped
public class PolicyEvents implements TopicAccess {

  static final String TOPIC = "rate-limit-policies";

  @Inject EventLog log;

  void changed(String action, String id, Object after) {
    log.appendObject(TOPIC, action, id, after);
  }

  @Override
  public boolean owns(String topic) {
    return topic.equals(TOPIC);
  }

  @Override
  public Predicate<StoredEvent> reader(String topic, VerifiedToken caller) {
    return TopicAccess.administrators(topic, caller);
  }
}
