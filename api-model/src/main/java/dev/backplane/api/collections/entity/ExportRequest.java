package dev.backplane.api.collections.entity;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What a collection's export writes: every record, or those a filter (the records API's RSQL)
 * selects, as NDJSON (one record per line, as the API shows it) or CSV (a column per system field
 * and field; JSON fields as JSON text).
 *
 * @param format {@code ndjson} (the default) or {@code csv}
 */
public record ExportRequest(
    @Pattern(regexp = "ndjson|csv", message = "must be ndjson or csv") String format,
    @Size(max = 2000, message = "must be at most 2,000 characters") String filter) {

  public String formatOrDefault() {
    return format == null ? "ndjson" : format;
  }
}
