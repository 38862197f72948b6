package dev.backplane.runtime.testing.console;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The console's Jobs view: the grid of jobs with filters, a job's details and its downloads. */
public final class JobsPage {

  private final ConsoleBrowser browser;

  private JobsPage(ConsoleBrowser browser) {
    this.browser = browser;
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("jobs-grid")));
  }

  public static JobsPage open(ConsoleBrowser browser, String consoleUrl) {
    browser.open(consoleUrl + "/jobs");
    return new JobsPage(browser);
  }

  /** Waits until the grid shows a cell with exactly this text (or a line of it). */
  public void awaitRowWith(String text) {
    browser.waiting().until(driver -> gridShows(driver, text));
  }

  private static boolean gridShows(WebDriver driver, String text) {
    return driver.findElements(By.cssSelector("#jobs-grid vaadin-grid-cell-content")).stream()
        .anyMatch(cell -> cell.getText().lines().anyMatch(line -> line.trim().equals(text)));
  }

  public void filterByType(String type) {
    browser.choose("jobs-type", type);
  }

  public void filterByState(String state) {
    browser.choose("jobs-state", state);
  }

  public String count() {
    return browser.driver().findElement(By.id("jobs-count")).getText();
  }

  /** Opens a job's details by a click on its row (the cell with the start of its id). */
  public void select(String jobId) {
    var shortId = jobId.substring(0, 8);
    awaitRowWith(shortId);
    browser.click(
        By.xpath(
            "//vaadin-grid[@id='jobs-grid']//vaadin-grid-cell-content[normalize-space(.)='"
                + shortId
                + "']"));
    browser
        .waiting()
        .until(driver -> driver.findElement(By.id("job-details")).getText().contains(jobId));
  }

  public String details() {
    return browser.driver().findElement(By.id("job-details")).getText();
  }

  /** A file of the selected job, fetched through its download link as the browser would. */
  public String download(String name) {
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("download-" + name)));
    return (String)
        browser
            .driver()
            .executeAsyncScript(
                """
                const done = arguments[1];
                fetch(document.getElementById(arguments[0]).href)
                    .then(answer => answer.text()).then(done, e => done('failed: ' + e));
                """,
                "download-" + name);
  }

  /** Whether any row offers a retry or a cancel button (administrators' only). */
  public boolean offersChanges() {
    return !browser
        .driver()
        .findElements(By.cssSelector("#jobs-grid [id^='retry-'], #jobs-grid [id^='cancel-']"))
        .isEmpty();
  }

  /** Cancels a queued job through its button and the confirmation. */
  public void cancel(String jobId) {
    var id = "cancel-" + jobId;
    browser.waiting().until(driver -> !driver.findElements(By.id(id)).isEmpty());
    browser.clickDuringRequest(id);
    var confirm = "document.querySelector(\"#confirm-cancel-job [slot='confirm-button']\")";
    browser
        .waiting()
        .until(
            driver ->
                Boolean.TRUE.equals(
                    browser
                        .driver()
                        .executeScript(
                            "const e = "
                                + confirm
                                + "; if (!e) { return false; } e.click(); return true;")));
  }
}
