package dev.backplane.console.jobs;

import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import dev.backplane.api.jobs.entity.Job;
import dev.backplane.api.jobs.entity.JobAttempt;
import dev.backplane.api.jobs.entity.JobState;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.layout.Columns;
import dev.backplane.console.layout.LiveRows;
import dev.backplane.console.layout.Notifications;
import dev.backplane.console.layout.Polling;
import dev.backplane.console.layout.RefreshProblem;
import dev.backplane.console.layout.StatusBadge;
import dev.backplane.console.security.CurrentLogin;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The job queue: the latest jobs with their state and a progress bar, filtered by state and type,
 * refreshed every 5 seconds; a selected job shows its input, result, files to download and every
 * attempt. Administrators retry failed jobs and cancel queued ones.
 */
@Route("jobs")
@Menu(order = 4.5, title = "Jobs", icon = "vaadin:tasks")
@PageTitle("Jobs · Backplane")
public class JobsView extends VerticalLayout {

  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final int SHOWN = 100;
  private static final String ANY = "any";

  private final PlatformClient platform;
  private final RefreshProblem problem = new RefreshProblem();
  private final Select<String> state = new Select<>();
  private final Select<String> type = new Select<>();
  private final Paragraph count = new Paragraph();
  private final Grid<Job> grid = new Grid<>();
  private final LiveRows<Job> rows = new LiveRows<>(grid, Job::id);
  private final Div details = new Div();
  private String selected;

  @Inject
  public JobsView(PlatformClient platform) {
    this.platform = platform;
    setSizeFull();
    state.setId("jobs-state");
    state.setLabel("State");
    var states = new ArrayList<String>(List.of(ANY));
    for (var value : JobState.values()) {
      states.add(value.name());
    }
    state.setItems(states);
    state.setValue(ANY);
    state.addValueChangeListener(e -> refresh());
    type.setId("jobs-type");
    type.setLabel("Type");
    type.setItems(List.of(ANY));
    type.setValue(ANY);
    type.addValueChangeListener(e -> refresh());
    var filters = new FlexLayout(state, type);
    filters.addClassName("filters");
    filters.getStyle().set("gap", "var(--lumo-space-m)");

    grid.setId("jobs-grid");
    grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
    // the start of the id: enough to tell jobs apart and to find one in the API's answers
    Columns.fitted(grid, "Job", job -> job.id().substring(0, 8));
    Columns.fitted(grid, "Type", Job::type);
    grid.addColumn(new ComponentRenderer<>(job -> badge(job.state())))
        .setHeader("State")
        .setAutoWidth(true)
        .setFlexGrow(0);
    grid.addColumn(
            LitRenderer.<Job>of(
                    "<div class=\"job-progress\"><vaadin-progress-bar"
                        + " value=\"${item.fraction}\" ?indeterminate=\"${item.unknown}\">"
                        + "</vaadin-progress-bar><span>${item.text}</span></div>")
                .withProperty("fraction", JobsView::fraction)
                .withProperty(
                    "unknown",
                    job -> job.state() == JobState.running && job.progress().total() == null)
                .withProperty("text", JobsView::progressText))
        .setHeader("Progress")
        .setWidth("12rem")
        .setFlexGrow(0);
    Columns.number(grid, "Attempts", job -> job.attempts() + " of " + job.maxAttempts());
    Columns.fitted(grid, "Created (UTC)", job -> TIME.format(job.createdAt()));
    Columns.text(grid, "Last error", job -> job.error() == null ? "" : job.error());
    if (CurrentLogin.isAdmin()) {
      // one column for both: a job is retried when failed, cancelled when queued, never both
      grid.addColumn(
              LitRenderer.<Job>of(
                      "<vaadin-button theme=\"small\" id=\"retry-${item.id}\""
                          + " ?hidden=\"${!item.failed}\" @click=\"${retry}\">Retry</vaadin-button>"
                          + "<vaadin-button theme=\"small error\" id=\"cancel-${item.id}\""
                          + " ?hidden=\"${!item.queued}\" @click=\"${cancel}\">Cancel</vaadin-button>")
                  .withProperty("id", Job::id)
                  .withProperty("failed", job -> job.state() == JobState.failed)
                  .withProperty("queued", job -> job.state() == JobState.queued)
                  .withFunction("retry", this::retry)
                  .withFunction("cancel", this::confirmCancel))
          .setHeader("")
          .setAutoWidth(true)
          .setFlexGrow(0);
    }
    grid.setHeight("22rem");
    grid.addSelectionListener(
        e ->
            e.getFirstSelectedItem()
                .ifPresent(
                    job -> {
                      selected = job.id();
                      showDetails();
                    }));
    details.setId("job-details");
    details.setWidthFull();
    count.addClassName("muted");
    count.setId("jobs-count");
    add(new H2("Jobs"), problem, filters, count, grid, details);
    // the page scrolls when a job's details are long; the grid keeps its height (squeezed, it
    // showed one row and a scroll bar that pushed its columns past its width)
    setFlexShrink(0, grid);
    Polling.whileAttached(this, this::refresh);
  }

  private static Span badge(JobState state) {
    var badge = new Span(state.name());
    badge.addClassNames(
        "status-badge",
        switch (state) {
          case succeeded -> "up";
          case failed -> "down";
          case running -> "starting";
          default -> "unknown";
        });
    return badge;
  }

  private static double fraction(Job job) {
    if (job.state() == JobState.succeeded) {
      return 1;
    }
    var total = job.progress().total();
    return total == null || total == 0 ? 0 : Math.min(1, (double) job.progress().done() / total);
  }

  private static String progressText(Job job) {
    var total = job.progress().total();
    return Columns.count(job.progress().done())
        + (total == null ? "" : " of " + Columns.count(total));
  }

  private void refresh() {
    var token = CurrentLogin.accessToken();
    try {
      var types = platform.jobTypes(token);
      var offered = new ArrayList<String>(List.of(ANY));
      offered.addAll(types);
      if (!offered.equals(type.getListDataView().getItems().toList())) {
        var chosen = type.getValue();
        type.setItems(offered);
        type.setValue(offered.contains(chosen) ? chosen : ANY);
      }
      var page = platform.jobs(token, chosen(state.getValue()), chosen(type.getValue()), 0, SHOWN);
      problem.clear();
      rows.show(page.items());
      count.setText(
          page.total() > page.items().size()
              ? "The latest " + page.items().size() + " of " + Columns.count(page.total()) + " jobs"
              : Columns.count(page.total()) + (page.total() == 1 ? " job" : " jobs"));
      if (selected != null) {
        showDetails();
      }
    } catch (ApiException e) {
      problem.show(e.getMessage());
    }
  }

  private static String chosen(String value) {
    return value == null || value.equals(ANY) ? null : value;
  }

  private void showDetails() {
    Job job;
    try {
      job = platform.job(CurrentLogin.accessToken(), selected);
    } catch (ApiException e) {
      details.removeAll();
      details.add(new Paragraph(e.getMessage()));
      return;
    }
    details.removeAll();
    details.add(new H3(job.type() + " " + job.id()));
    var facts = new Paragraph();
    facts.setText(
        "Created "
            + TIME.format(job.createdAt())
            + " UTC"
            + (job.finishedAt() == null ? "" : ", ended " + TIME.format(job.finishedAt()) + " UTC")
            + (job.nextAttemptAt() == null
                ? ""
                : ", next attempt " + TIME.format(job.nextAttemptAt()) + " UTC"));
    details.add(facts);
    if (job.input() != null) {
      details.add(labelled("Input", job.input()));
    }
    if (job.result() != null) {
      details.add(labelled("Result", job.result()));
      var files = job.result().getJsonObject("files");
      if (files != null) {
        for (var name : files.keySet()) {
          var link = new Anchor(download(job.id(), name), "Download " + name);
          link.setId("download-" + name);
          details.add(new Div(link));
        }
      }
    }
    var attempts = new Grid<JobAttempt>();
    attempts.setId("job-attempts");
    Columns.fitted(attempts, "Attempt", a -> String.valueOf(a.number()));
    Columns.fitted(attempts, "Instance", JobAttempt::instanceId);
    Columns.fitted(attempts, "Started (UTC)", a -> TIME.format(a.startedAt()));
    Columns.fitted(attempts, "Took", JobsView::took);
    attempts
        .addColumn(
            new ComponentRenderer<>(
                a -> StatusBadge.of(a.outcome(), a.outcome().equals("succeeded"))))
        .setHeader("Outcome")
        .setAutoWidth(true)
        .setFlexGrow(0);
    Columns.text(attempts, "Error", a -> a.error() == null ? "" : a.error());
    attempts.setItems(job.history() == null ? List.of() : job.history());
    attempts.setAllRowsVisible(true);
    details.add(attempts);
  }

  private static String took(JobAttempt attempt) {
    var end = attempt.finishedAt() == null ? Instant.now() : attempt.finishedAt();
    long millis = java.time.Duration.between(attempt.startedAt(), end).toMillis();
    return millis < 10_000 ? millis + " ms" : millis / 1000 + " s";
  }

  private static Div labelled(String label, JsonObject value) {
    var text = new Pre(value.toString());
    text.addClassName("job-json");
    var box = new Div(new Span(label), text);
    box.addClassName("job-part");
    return box;
  }

  private DownloadHandler download(String id, String name) {
    return event -> {
      event.setFileName(name);
      try (var file = platform.jobFile(CurrentLogin.accessToken(), id, name)) {
        file.transferTo(event.getOutputStream());
      } catch (ApiException e) {
        event.getOutputStream().write(("the download failed: " + e.getMessage()).getBytes());
      }
    };
  }

  private void retry(Job job) {
    try {
      platform.retryJob(CurrentLogin.accessToken(), job.id());
      Notifications.success("Job " + job.type() + " queued again");
      refresh();
    } catch (ApiException e) {
      Notifications.error(e.getMessage());
    }
  }

  private void confirmCancel(Job job) {
    var dialog =
        new ConfirmDialog(
            "Cancel this job?",
            job.type() + " " + job.id() + " will not run.",
            "Cancel the job",
            confirmed -> cancel(job));
    dialog.setCancelable(true);
    dialog.setCancelText("Keep it");
    dialog.setConfirmButtonTheme("error primary");
    dialog.setId("confirm-cancel-job");
    dialog.open();
  }

  private void cancel(Job job) {
    try {
      platform.cancelJob(CurrentLogin.accessToken(), job.id());
      Notifications.success("Job " + job.type() + " cancelled");
      refresh();
    } catch (ApiException e) {
      Notifications.error(e.getMessage());
    }
  }
}
