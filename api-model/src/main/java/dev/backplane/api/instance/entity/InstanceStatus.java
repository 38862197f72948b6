package dev.backplane.api.instance.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * One instance in the admin API.
 *
 * @param status UP, DEGRADED (serving, but the database or Keycloak does not answer it), DOWN (a
 *     readiness check fails, or it is out of the cluster view), LEAVING (shutting down) or STARTING
 *     (a member that has not sent a heartbeat yet)
 * @param member whether it is in the cluster view
 * @param snapshot its latest heartbeat; absent while STARTING
 * @param history its heartbeats of the last 15 minutes, oldest first, when asked for
 */
@JsonbPropertyOrder({"id", "status", "member", "snapshot", "history"})
public record InstanceStatus(
    String id,
    String status,
    boolean member,
    InstanceSnapshot snapshot,
    List<InstanceSample> history) {}
