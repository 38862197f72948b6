package dev.backplane.runtime.testing.console;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its chromedriver, with a fresh profile: nothing is
 * downloaded, and nothing on this machine's closed network is contacted.
 */
public final class ConsoleBrowser implements AutoCloseable {

  private final ChromeDriver driver;

  public ConsoleBrowser() {
    try {
      var profile = Files.createTempDirectory("backplane-chromium-");
      var options =
          new ChromeOptions()
              .setBinary(new File("/usr/bin/chromium"))
              .addArguments(
                  "--headless=new",
                  "--no-sandbox",
                  "--disable-gpu",
                  "--disable-dev-shm-usage",
                  "--disable-quic",
                  "--no-first-run",
                  "--disable-background-networking",
                  "--disable-component-update",
                  "--disable-sync",
                  "--window-size=1366,768",
                  "--user-data-dir=" + profile);
      var service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(new File("/usr/bin/chromedriver"))
              .build();
      driver = new ChromeDriver(service, options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** Waits up to 60 s; a timeout says where the browser was and what the page showed. */
  public WebDriverWait waiting() {
    var wait = new WebDriverWait(driver, Duration.ofSeconds(60));
    wait.withMessage(this::whereItIs);
    return wait;
  }

  private String whereItIs() {
    try {
      var text = driver.findElement(By.tagName("body")).getText().strip().replaceAll("\\s+", " ");
      return "the browser was at "
          + driver.getCurrentUrl()
          + " (title \""
          + driver.getTitle()
          + "\") showing: "
          + (text.length() > 600 ? text.substring(0, 600) + "..." : text);
    } catch (RuntimeException e) {
      return "the browser's page could not be read: " + e;
    }
  }

  /**
   * Clicks the element with this id while the console has a request under way: the next one to
   * start after the page fell quiet (the views' 5-second refresh, when nothing else happens), so
   * the click reaches the server after that request's changes. A click on a row the refresh redraws
   * must still count.
   */
  public void clickDuringRequest(String id) {
    var clicked = driver.executeAsyncScript(CLICK_DURING_REQUEST, id);
    if (!Boolean.TRUE.equals(clicked)) {
      throw new IllegalStateException(
          "the console started no request within 15 s, or has no element " + id);
    }
  }

  private static final String CLICK_DURING_REQUEST =
      """
      const [id, done] = arguments;
      const deadline = Date.now() + 15000;
      const active = () => Object.values(window.Vaadin?.Flow?.clients ?? {})
          .some(c => c.isActive && c.isActive());
      let quiet = false;
      const poll = () => {
        const element = document.getElementById(id);
        if (Date.now() > deadline) {
          done(false);
          return;
        }
        if (!active()) {
          quiet = element !== null;
        } else if (quiet && element !== null) {
          element.click();
          done(true);
          return;
        }
        setTimeout(poll, 1);
      };
      poll();
      """;

  public void open(String url) {
    driver.get(url);
  }

  @Override
  public void close() {
    driver.quit();
  }
}
