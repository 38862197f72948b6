package dev.backplane.api.dependency.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class DependencyWatchTest {

  /** A dependency whose answer the test decides. */
  static final class Switchable extends DependencyWatch {
    volatile boolean answers = true;

    @Override
    public String name() {
      return "switchable";
    }

    @Override
    public String affects() {
      return "nothing";
    }

    @Override
    protected String probe() throws IOException {
      if (!answers) {
        throw new IOException("no answer within 2 s");
      }
      return "version 1";
    }
  }

  @Test
  void isPresumedAvailableUntilAProbeFails() {
    var watch = new Switchable();

    assertThat(watch.available()).isTrue();
    assertThat(watch.state()).isEmpty();

    watch.answers = false;
    watch.check();

    assertThat(watch.available()).isFalse();
    assertThat(watch.state())
        .hasValueSatisfying(s -> assertThat(s.detail()).isEqualTo("no answer within 2 s"));
  }

  @Test
  void sinceIsWhenTheStateLastChangedNotTheLatestProbe() {
    var watch = new Switchable();
    watch.answers = false;
    watch.check();
    var down = watch.state().orElseThrow().since();

    watch.check();
    // kept from the change, not taken anew by the later probe
    assertThat(watch.state().orElseThrow().since()).isSameAs(down);

    watch.answers = true;
    watch.check();
    var back = watch.state().orElseThrow();
    assertThat(back.available()).isTrue();
    assertThat(back.since()).isNotSameAs(down).isAfterOrEqualTo(down);
    assertThat(back.detail()).isEqualTo("version 1");
  }
}
