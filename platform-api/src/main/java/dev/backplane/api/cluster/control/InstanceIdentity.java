package dev.backplane.api.cluster.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which instance this is: {@code backplane.instance.id} when set (the launcher names them
 * instance-1, instance-2...), else the host name and process id. Audit records and heartbeats carry
 * it.
 */
@ApplicationScoped
public class InstanceIdentity {

  private final String id;

  InstanceIdentity() {
    this.id = null;
  }

  @Inject
  InstanceIdentity(@ConfigProperty(name = "backplane.instance.id") Optional<String> configured) {
    this.id = configured.filter(s -> !s.isBlank()).orElseGet(InstanceIdentity::hostAndPid);
  }

  public String id() {
    return id;
  }

  private static String hostAndPid() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return host + "-" + ProcessHandle.current().pid();
  }
}
