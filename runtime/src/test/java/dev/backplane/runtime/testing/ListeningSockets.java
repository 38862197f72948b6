package dev.backplane.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets a process (and its children) listens on, read from Linux's /proc: its file
 * descriptors name socket inodes, /proc/net/tcp and tcp6 give each inode's local address.
 */
public final class ListeningSockets {

  private static final String LISTEN = "0A";

  private ListeningSockets() {}

  /** A listening socket: its address as the kernel shows it, and whether it is loopback only. */
  public record Socket(long pid, String address, int port, boolean loopback) {
    @Override
    public String toString() {
      return address + ":" + port + " (pid " + pid + ")";
    }
  }

  public static List<Socket> of(ProcessHandle process) {
    var sockets = new ArrayList<Socket>();
    for (var member : Stream.concat(Stream.of(process), process.descendants()).toList()) {
      var inodes = socketInodes(member.pid());
      for (var table : List.of("tcp", "tcp6")) {
        for (var line : lines(Path.of("/proc", Long.toString(member.pid()), "net", table))) {
          var fields = line.trim().split("\\s+");
          if (fields.length < 10 || !fields[3].equals(LISTEN) || !inodes.contains(fields[9])) {
            continue;
          }
          var local = fields[1].split(":");
          sockets.add(
              new Socket(
                  member.pid(), local[0], Integer.parseInt(local[1], 16), isLoopback(local[0])));
        }
      }
    }
    return sockets;
  }

  /** 127.0.0.0/8 (also IPv4-mapped) or ::1; the kernel writes each 32-bit word little-endian. */
  static boolean isLoopback(String hex) {
    if (hex.length() == 8) {
      return hex.endsWith("7F");
    }
    var ipv4Mapped = hex.startsWith("0000000000000000FFFF0000");
    return ipv4Mapped ? hex.endsWith("7F") : hex.equals("00000000000000000000000001000000");
  }

  private static Set<String> socketInodes(long pid) {
    var inodes = new HashSet<String>();
    try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      fds.forEach(
          fd -> {
            try {
              var target = Files.readSymbolicLink(fd).toString();
              if (target.startsWith("socket:[")) {
                inodes.add(target.substring(8, target.length() - 1));
              }
            } catch (IOException closedMeanwhile) {
              // the descriptor was closed while listing
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the descriptors of process " + pid, e);
    }
    return inodes;
  }

  private static List<String> lines(Path table) {
    try {
      var lines = Files.readAllLines(table);
      return lines.isEmpty() ? lines : lines.subList(1, lines.size());
    } catch (IOException e) {
      return List.of();
    }
  }
}
