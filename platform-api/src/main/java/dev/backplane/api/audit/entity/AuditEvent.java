package dev.backplane.api.audit.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * One administrative write: who did what to which target, the target before and after (as JSON,
 * never with passwords), when, in which request, on which instance.
 */
@Entity
@Table(name = "audit_event")
public class AuditEvent {

  @Id
  @SequenceGenerator(
      name = "audit_event_seq",
      sequenceName = "audit_event_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "audit_event_seq")
  private Long id;

  // EclipseLink reads "timestamp with time zone" as OffsetDateTime only (kept in UTC)
  @Column(name = "occurred_at", nullable = false)
  private OffsetDateTime occurredAt;

  @Column(nullable = false)
  private String actor;

  @Column(name = "actor_id")
  private String actorId;

  @Column(nullable = false)
  private String action;

  @Column(name = "target_type", nullable = false)
  private String targetType;

  @Column(name = "target_id")
  private String targetId;

  @Column(name = "before_json")
  private String before;

  @Column(name = "after_json")
  private String after;

  @Column(name = "request_id")
  private String requestId;

  @Column(name = "instance_id")
  private String instanceId;

  protected AuditEvent() {}

  public AuditEvent(
      Instant occurredAt,
      String actor,
      String actorId,
      String action,
      String targetType,
      String targetId,
      String before,
      String after,
      String requestId,
      String instanceId) {
    this.occurredAt = occurredAt.atOffset(ZoneOffset.UTC);
    this.actor = actor;
    this.actorId = actorId;
    this.action = action;
    this.targetType = targetType;
    this.targetId = targetId;
    this.before = before;
    this.after = after;
    this.requestId = requestId;
    this.instanceId = instanceId;
  }

  /** Completes an event begun before its change was made. */
  public void completed(String newTargetId, String newAfter) {
    this.targetId = newTargetId;
    this.after = newAfter;
  }

  public Long getId() {
    return id;
  }

  public Instant getOccurredAt() {
    return occurredAt.toInstant();
  }

  public String getActor() {
    return actor;
  }

  /** The actor's subject (a user's id); absent on entries older than this column. */
  public String getActorId() {
    return actorId;
  }

  public String getAction() {
    return action;
  }

  public String getTargetType() {
    return targetType;
  }

  public String getTargetId() {
    return targetId;
  }

  /** The target before the change as JSON text; absent for creations. */
  public String getBefore() {
    return before;
  }

  /** The target after the change as JSON text; absent for deletions. */
  public String getAfter() {
    return after;
  }

  public String getRequestId() {
    return requestId;
  }

  public String getInstanceId() {
    return instanceId;
  }
}
