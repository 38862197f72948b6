package dev.backplane.console.caches;

import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.backplane.console.layout.ComingSoon;

@Route("caches")
@PageTitle("Caches · Backplane")
public class CachesView extends ComingSoon {

  public CachesView() {
    super(
        "Caches",
        "statistics of every distributed cache (entries, hits, misses, evictions) per instance, and clearing a cache.");
  }
}
