package dev.backplane.api.jobs.control;

import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One attempt at a job, as its {@link JobType} sees it: what was asked, how far earlier attempts
 * came, and the means to record progress and write files. Every write is fenced by the attempt's
 * number: once another attempt has taken the job over (this one's instance was presumed gone),
 * writes throw {@link LostJobException} and change nothing.
 */
public final class JobRun {

  /** A file's part: large enough for few rows, small enough for any instance's heap. */
  static final int PART_BYTES = 1 << 20;

  private final JobStore store;
  private final JobStore.Started started;

  JobRun(JobStore store, JobStore.Started started) {
    this.store = store;
    this.started = started;
  }

  /** The attempt's job lost to another attempt: its work must stop and change nothing more. */
  public static final class LostJobException extends RuntimeException {
    LostJobException(String id) {
      super("job " + id + " is being run by another attempt");
    }
  }

  public String id() {
    return started.id();
  }

  public JsonObject input() {
    return started.input();
  }

  /** The attempt's number: 1 for the first. */
  public int attempt() {
    return started.attempt();
  }

  /** The subject of whoever asked for the job (a token's subject; "scheduler" for a schedule). */
  public String createdBy() {
    return started.createdBy();
  }

  /**
   * The progress recorded before this attempt: where a job whose effect must happen once goes on.
   */
  public long done() {
    return started.done();
  }

  /**
   * Records progress; in the caller's transaction when there is one, so that progress and the work
   * it counts are committed together.
   */
  public void progress(long done, Long total) {
    if (!store.progress(id(), attempt(), done, total)) {
      throw new LostJobException(id());
    }
  }

  /** One batch of work: how many units it did. */
  public interface Batch {
    int run() throws Exception;
  }

  /**
   * Runs batches of up to {@code size} units (deletions, say) until one does fewer, recording the
   * running total as progress after each; the total.
   */
  public long inBatches(int size, Batch batch) throws Exception {
    long done = 0;
    int last;
    do {
      last = batch.run();
      done += last;
      progress(done, null);
    } while (last == size);
    return done;
  }

  /** A file for the job to write, replacing any an earlier attempt wrote; written on close. */
  public OutputStream file(String name) {
    store.deleteFile(id(), name);
    return new PartsOutputStream(name);
  }

  /**
   * Adds one numbered part to a file, in the caller's transaction (a line of a report, written with
   * the progress it belongs to, so an attempt that starts again neither loses nor repeats it).
   */
  public void part(String name, int part, byte[] content) {
    store.writeFilePart(id(), name, part, content);
  }

  /** How many parts a file has (the lines of a report written with {@link #part}). */
  public int parts(String name) {
    return store.partCount(id(), name);
  }

  /** A file of the job's (an upload it works on), read part by part. */
  public InputStream read(String name) {
    return store.file(id(), name);
  }

  /** Writes a part each time a megabyte is buffered, and the last on close. */
  private final class PartsOutputStream extends OutputStream {
    private final String name;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private int part;

    PartsOutputStream(String name) {
      this.name = name;
    }

    @Override
    public void write(int b) {
      buffer.write(b);
      flushFull();
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      buffer.write(bytes, offset, length);
      flushFull();
    }

    private void flushFull() {
      if (buffer.size() >= PART_BYTES) {
        writePart();
      }
    }

    private void writePart() {
      if (!store.current(id(), attempt())) {
        throw new LostJobException(id());
      }
      store.writeFilePart(id(), name, part++, buffer.toByteArray());
      buffer.reset();
    }

    @Override
    public void close() {
      if (buffer.size() > 0 || part == 0) {
        writePart();
      }
    }
  }
}
