package dev.backplane.console.ratelimits;

import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.backplane.console.layout.ComingSoon;

@Route("rate-limits")
@PageTitle("Rate limits · Backplane")
public class RateLimitsView extends ComingSoon {

  public RateLimitsView() {
    super(
        "Rate limits",
        "named rate-limit policies enforced across the cluster, with live usage per policy.");
  }
}
