package dev.backplane.runtime.testing.console;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its chromedriver, with a fresh profile: nothing is
 * downloaded, and nothing on this machine's closed network is contacted.
 */
public final class ConsoleBrowser implements AutoCloseable {

  private final ChromeDriver driver;

  public ConsoleBrowser() {
    this(List.of());
  }

  /**
   * A browser that trusts this certificate (PEM) as a user who followed the launcher's advice
   * would: its key only, by Chromium's pin of the key's SHA-256 (never "ignore every error").
   */
  public static ConsoleBrowser trusting(Path certificate) {
    try (var in = Files.newInputStream(certificate)) {
      var key = CertificateFactory.getInstance("X.509").generateCertificate(in).getPublicKey();
      var pin =
          Base64.getEncoder()
              .encodeToString(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
      return new ConsoleBrowser(List.of("--ignore-certificate-errors-spki-list=" + pin));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the certificate " + certificate, e);
    }
  }

  private ConsoleBrowser(List<String> arguments) {
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
                  "--user-data-dir=" + profile)
              .addArguments(arguments);
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

  /**
   * Clicks what the locator finds, again if a view re-rendered it meanwhile (the views refresh
   * every 5 s), something lay over it for a moment, or it could not take a click yet (a grid row's
   * button while the grid lays out its rows again after a filter: CI saw it once).
   */
  public void click(By locator) {
    waiting()
        .ignoring(StaleElementReferenceException.class)
        .ignoring(ElementClickInterceptedException.class)
        .ignoring(ElementNotInteractableException.class)
        .until(
            browser -> {
              var element = browser.findElement(locator);
              ((JavascriptExecutor) browser)
                  .executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
              element.click();
              return true;
            });
  }

  /** Types into the text input of the field with this id. */
  public void type(String id, String text) {
    driver.findElement(By.cssSelector("#" + id + " input")).sendKeys(text);
  }

  /**
   * Replaces what the text input of the field with this id holds, once it is there: a field the
   * server adds after a choice (a number field's bounds after its type) comes with the next round
   * trip (CI once looked for one a moment too early).
   */
  public void replace(String id, String text) {
    var input =
        waiting()
            .until(
                ExpectedConditions.presenceOfElementLocated(By.cssSelector("#" + id + " input")));
    driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", input);
    input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    input.sendKeys(text);
  }

  /** Chooses the item with this text in the select with this id. */
  public void choose(String id, String item) {
    click(By.id(id));
    // the item shown now: a select that was opened before keeps its items, at zero size
    waiting()
        .until(
            browser ->
                Boolean.TRUE.equals(
                    driver.executeScript(
                        """
                        const item = [...document.querySelectorAll('vaadin-select-item')]
                            .find(i => i.textContent.trim() === arguments[0]
                                && i.getBoundingClientRect().width > 0);
                        if (!item) return false;
                        item.click();
                        return true;
                        """,
                        item)));
    waiting()
        .until(
            browser ->
                browser.findElements(By.cssSelector("vaadin-select-overlay[opened]")).isEmpty());
  }

  /** Waits until the field with this id shows an error, and answers it. */
  public String errorOf(String id) {
    var message = By.cssSelector("#" + id + "[invalid] [slot=error-message]");
    return waiting()
        .ignoring(StaleElementReferenceException.class)
        .until(
            browser -> {
              var shown = browser.findElements(message);
              var text = shown.isEmpty() ? "" : shown.getFirst().getDomProperty("textContent");
              return text == null || text.isBlank() ? null : text.trim();
            });
  }

  /** The cookies the page at hand sees, by name, each with whether it is {@code Secure}. */
  public Map<String, Boolean> cookies() {
    var cookies = new TreeMap<String, Boolean>();
    driver.manage().getCookies().forEach(c -> cookies.put(c.getName(), c.isSecure()));
    return cookies;
  }

  public void open(String url) {
    driver.get(url);
  }

  @Override
  public void close() {
    driver.quit();
  }
}
