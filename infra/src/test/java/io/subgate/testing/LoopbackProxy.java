package io.subgate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A real proxy server on loopback for egress tests — HTTP ({@link LoopbackHttpProxy}) or SOCKS5
 * ({@link LoopbackSocksProxy}): it accepts connections on its own port, speaks the protocol over
 * real sockets, connects to the target itself and logs every target it was asked for. It can be
 * stopped (its port refuses) and started again on the same port.
 */
public abstract class LoopbackProxy implements AutoCloseable {
  private final List<String> log = new ArrayList<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  protected final @Nullable String username;
  protected final @Nullable String password;
  private volatile @Nullable ServerSocket server;
  private volatile int port;
  private volatile int refusedLogins;

  protected LoopbackProxy(@Nullable String username, @Nullable String password) {
    this.username = username;
    this.password = password;
  }

  /** Serves one accepted connection: the protocol's handshake, then {@link #relay}. */
  protected abstract void serve(Socket client) throws IOException;

  public synchronized LoopbackProxy start() {
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      port = s.getLocalPort();
      server = s;
      Thread accept = new Thread(() -> acceptLoop(s), getClass().getSimpleName() + "-accept");
      accept.setDaemon(true);
      accept.start();
      return this;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops accepting and drops every open connection: the port refuses until {@link #start}. */
  public synchronized void stop() {
    ServerSocket s = server;
    server = null;
    closeQuietly(s);
    open.forEach(LoopbackProxy::closeQuietly);
    open.clear();
  }

  public int port() {
    return port;
  }

  /** The targets asked for, oldest first: {@code CONNECT host:port} or a request line's target. */
  public synchronized List<String> log() {
    return List.copyOf(log);
  }

  /** Connections refused for missing or wrong credentials. */
  public int refusedLogins() {
    return refusedLogins;
  }

  protected synchronized void logged(String entry) {
    log.add(entry);
  }

  protected void refusedLogin() {
    refusedLogins++;
  }

  protected boolean loginMatches(@Nullable String user, @Nullable String pass) {
    return username == null || (username.equals(user) && String.valueOf(password).equals(pass));
  }

  private void acceptLoop(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        open.add(client);
        Thread t =
            new Thread(
                () -> {
                  try (client) {
                    serve(client);
                  } catch (IOException e) {
                    // the peer went away; nothing to tell
                  } finally {
                    open.remove(client);
                  }
                },
                getClass().getSimpleName() + "-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Opens the proxy's own connection to the target. */
  protected Socket connect(String host, int port) throws IOException {
    Socket upstream = new Socket();
    upstream.connect(new InetSocketAddress(host, port), 5_000);
    open.add(upstream);
    return upstream;
  }

  /** Copies bytes both ways until either side closes (see the four-argument form). */
  protected void relay(Socket client, InputStream fromClient, Socket target, byte[] first)
      throws IOException {
    relay(client, fromClient, target, first, in -> new byte[0]);
  }

  /** What is sent to the client before the rest of the target's bytes, read from the target. */
  protected interface AnswerHead {
    byte[] read(InputStream fromTarget) throws IOException;
  }

  /**
   * Copies bytes both ways until either side closes; {@code first} goes to the target before
   * anything the client sends next, and {@code head} (read off the target's answer) to the client
   * before the rest of it.
   */
  protected void relay(
      Socket client, InputStream fromClient, Socket target, byte[] first, AnswerHead head)
      throws IOException {
    try (target) {
      OutputStream toTarget = target.getOutputStream();
      toTarget.write(first);
      toTarget.flush();
      Thread up =
          new Thread(
              () -> {
                try {
                  fromClient.transferTo(toTarget);
                } catch (IOException e) {
                  // closed
                } finally {
                  closeQuietly(target);
                }
              },
              getClass().getSimpleName() + "-up");
      up.setDaemon(true);
      up.start();
      try {
        InputStream fromTarget = target.getInputStream();
        client.getOutputStream().write(head.read(fromTarget));
        fromTarget.transferTo(client.getOutputStream());
      } catch (IOException e) {
        // closed
      }
    } finally {
      open.remove(target);
      closeQuietly(client);
    }
  }

  private static void closeQuietly(@Nullable AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      // already closed
    }
  }

  @Override
  public void close() {
    stop();
  }
}
