package dev.backplane.console.instances;

import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.backplane.console.layout.ComingSoon;

@Route("instances")
@PageTitle("Instances · Backplane")
public class InstancesView extends ComingSoon {

  public InstancesView() {
    super(
        "Instances",
        "every instance of the cluster with its health, heap, CPU and request rate over the last 15 minutes.");
  }
}
