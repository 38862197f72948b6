package dev.backplane.api.ratelimit.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

  @Test
  void onePolicy() {
    assertThat(RateLimitHeaders.policy(List.of(new RateLimitHeaders.Quota("burst", 100, 60))))
        .isEqualTo("\"burst\";q=100;w=60");
    assertThat(RateLimitHeaders.limit(List.of(new RateLimitHeaders.Usage("burst", 42, 17))))
        .isEqualTo("\"burst\";r=42;t=17");
  }

  @Test
  void severalPoliciesMakeAList() {
    assertThat(
            RateLimitHeaders.policy(
                List.of(
                    new RateLimitHeaders.Quota("burst", 100, 60),
                    new RateLimitHeaders.Quota("daily", 1000, 86400))))
        .isEqualTo("\"burst\";q=100;w=60, \"daily\";q=1000;w=86400");
  }

  @Test
  void namesAreEscapedStringsAndOnlyPrintableAscii() {
    assertThat(RateLimitHeaders.string("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThatThrownBy(() -> RateLimitHeaders.string("né"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateLimitHeaders.string("a\nb"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void integersStayWithinStructuredFieldLimits() {
    assertThat(RateLimitHeaders.integer(-3)).isEqualTo("0");
    assertThat(RateLimitHeaders.integer(Long.MAX_VALUE)).isEqualTo("999999999999999");
  }

  @Test
  void secondsRoundUp() {
    assertThat(RateLimitHeaders.seconds(0)).isZero();
    assertThat(RateLimitHeaders.seconds(1)).isEqualTo(1);
    assertThat(RateLimitHeaders.seconds(1000)).isEqualTo(1);
    assertThat(RateLimitHeaders.seconds(1001)).isEqualTo(2);
  }
}
