package dev.backplane.api.collections.boundary;

import dev.backplane.api.testing.Deployments;
import dev.backplane.api.testing.TestIssuer;
import dev.backplane.api.testing.TestPostgres;
import java.net.URL;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A collection's table and records on PostgreSQL, as clusters keep them. */
@ExtendWith(ArquillianExtension.class)
class CollectionsOnPostgresIT {

  static final TestIssuer ISSUER = new TestIssuer();
  static final TestPostgres POSTGRES = TestPostgres.start();
  static final Duration HOLE_WAIT = Duration.ofSeconds(4);

  @Deployment(testable = false)
  static WebArchive deployment() {
    // a failed job's next attempt after 4 s, then 8 s: time for a test to act between them
    var config =
        ISSUER.mpConfig()
            + POSTGRES.mpConfig()
            + "backplane.jobs.retry-base-ms=4000\n"
            + "backplane.events.hole-wait-ms="
            + HOLE_WAIT.toMillis()
            + "\n";
    var archive = Deployments.withPersistence(config);
    Deployments.withFeature(archive, "audit");
    return Deployments.withFeature(archive, "collections");
  }

  @AfterAll
  static void stopPostgres() {
    POSTGRES.close();
  }

  @ArquillianResource URL base;

  @Test
  void recordsLiveInATypedTableOnPostgres() {
    new RecordScenario(base, ISSUER).run();
  }

  @Test
  void aCollectionWithRecordsChangesAsFarAsItsRecordsAllow() {
    new RecordScenario(base, ISSUER).schemaChanges();
  }

  @Test
  void aReferenceLeadsToARecordOfItsCollection() {
    new RecordScenario(base, ISSUER).references();
  }

  @Test
  void callersListRecordsFilteredSortedAndPagedAsTheListRuleSays() {
    new RecordScenario(base, ISSUER).lists();
  }

  @Test
  void anExportRunsAsAJobAndItsFileIsDownloaded() {
    new ImportExportScenario(base, ISSUER).exports();
  }

  @Test
  void failedAttemptsAreRetriedWithBackoffThenKeptUntilRetried() throws Exception {
    new ImportExportScenario(base, ISSUER).failuresAreRetriedThenKept(POSTGRES.jdbcUrl());
  }

  @Test
  void subscribersHoldAtAnIdNotCommittedYetAndPassOneThatNeverIs() throws Exception {
    new EventScenario(base, ISSUER).holes(POSTGRES.jdbcUrl(), HOLE_WAIT);
  }
}
