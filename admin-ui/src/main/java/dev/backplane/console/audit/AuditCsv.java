package dev.backplane.console.audit;

import com.vaadin.flow.server.streams.DownloadEvent;
import com.vaadin.flow.server.streams.DownloadHandler;
import dev.backplane.api.audit.entity.AuditEntry;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.api.PlatformClient.AuditFilter;
import dev.backplane.console.security.CurrentLogin;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The audit entries a filter selects, as CSV (RFC 4180, UTF-8), newest first, read from the API a
 * page at a time and written as they come: at most {@value #LIMIT} entries, the last line saying so
 * when there were more.
 */
final class AuditCsv {

  static final int LIMIT = 10_000;
  private static final int PAGE = 500;

  private AuditCsv() {}

  /** A download of the entries the filter selects when the link is followed. */
  static DownloadHandler of(PlatformClient platform, Supplier<AuditFilter> filter) {
    return event -> write(platform, filter.get(), event);
  }

  private static void write(PlatformClient platform, AuditFilter filter, DownloadEvent event)
      throws IOException {
    var token = CurrentLogin.accessToken();
    event.setFileName("backplane-audit-" + LocalDate.now(ZoneOffset.UTC) + ".csv");
    event.setContentType("text/csv; charset=UTF-8");
    var writer = new OutputStreamWriter(event.getOutputStream(), StandardCharsets.UTF_8);
    try (var csv =
        new CSVPrinter(
            writer,
            CSVFormat.RFC4180
                .builder()
                .setHeader(
                    "time",
                    "actor",
                    "actorId",
                    "action",
                    "targetType",
                    "targetId",
                    "targetName",
                    "requestId",
                    "instance",
                    "before",
                    "after")
                .get())) {
      int written = 0;
      long total = Long.MAX_VALUE;
      while (written < Math.min(total, LIMIT)) {
        var page = platform.audit(token, filter, written, Math.min(PAGE, LIMIT - written));
        total = page.total();
        if (page.items().isEmpty()) {
          break;
        }
        for (AuditEntry entry : page.items()) {
          csv.printRecord(
              AuditView.TIME.format(entry.occurredAt()),
              entry.actor(),
              entry.actorId(),
              entry.action(),
              entry.targetType(),
              entry.targetId(),
              entry.targetName(),
              entry.requestId(),
              entry.instanceId(),
              entry.before() == null ? null : entry.before().toString(),
              entry.after() == null ? null : entry.after().toString());
        }
        written += page.items().size();
      }
      if (total > written) {
        csv.printRecord("(" + (total - written) + " more entries: narrow the filters)");
      }
    } catch (ApiException e) {
      writer.write("\r\n(the export stopped: " + e.getMessage() + ")\r\n");
      writer.flush();
    }
  }
}
