package dev.backplane.runtime.testing;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One platform started by {@code ./backplane up} for all system test classes that ask for it (a
 * {@link TestPorts} parameter), stopped by {@code ./backplane down} when the test run ends.
 */
public final class RunningBackplane implements ParameterResolver {

  public static final TestPorts PORTS = TestPorts.named("shared", 0);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestPorts.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Platform.class, key -> Platform.start(), Platform.class);
    return PORTS;
  }

  /** The shared platform while it runs. */
  static final class Platform implements ExtensionContext.Store.CloseableResource {
    private final BackplaneCommand up;

    private Platform(BackplaneCommand up) {
      this.up = up;
    }

    static Platform start() {
      return new Platform(
          BackplaneCommand.start(PORTS, Map.of(), "up").awaitUp(Duration.ofMinutes(8)));
    }

    @Override
    public void close() {
      BackplaneCommand.run(PORTS, Map.of(), Duration.ofMinutes(3), "down");
      up.awaitExit(Duration.ofMinutes(2));
    }
  }
}
