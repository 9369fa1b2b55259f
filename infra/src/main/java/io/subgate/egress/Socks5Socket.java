package io.subgate.egress;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A socket whose {@code connect} reaches its target through a SOCKS5 proxy (RFC 1928, with the
 * username/password method of RFC 1929 when credentials are set). Written out rather than the JDK's
 * SOCKS support, which takes credentials only from the process-wide {@code Authenticator}. The
 * target's name goes to the proxy unresolved (the proxy resolves it) unless it is an address.
 */
final class Socks5Socket extends Socket {
  private static final int VERSION = 5;
  private static final int NO_AUTH = 0;
  private static final int USER_PASS = 2;

  private final InetSocketAddress proxy;
  private final @Nullable String username;
  private final @Nullable String password;

  Socks5Socket(InetSocketAddress proxy, @Nullable String username, @Nullable String password) {
    this.proxy = proxy;
    this.username = username;
    this.password = password;
  }

  @Override
  public void connect(SocketAddress endpoint, int timeout) throws IOException {
    if (!(endpoint instanceof InetSocketAddress target)) {
      throw new IOException("SOCKS5 needs a host and port");
    }
    super.connect(proxy, timeout);
    int previous = getSoTimeout();
    setSoTimeout(timeout); // the handshake is bounded like the connect
    try {
      handshake(target);
    } catch (IOException e) {
      close();
      throw e;
    }
    setSoTimeout(previous);
  }

  private void handshake(InetSocketAddress target) throws IOException {
    OutputStream out = getOutputStream();
    DataInputStream in = new DataInputStream(getInputStream());
    boolean login = username != null;
    out.write(login ? new byte[] {VERSION, 2, NO_AUTH, USER_PASS} : new byte[] {VERSION, 1, 0});
    out.flush();
    int version = in.readUnsignedByte();
    int method = in.readUnsignedByte();
    if (version != VERSION) {
      throw new IOException("not a SOCKS5 proxy");
    }
    if (method == USER_PASS && login) {
      authenticate(out, in);
    } else if (method != NO_AUTH) {
      throw new IOException("SOCKS5 proxy accepts none of our methods");
    }
    out.write(request(target));
    out.flush();
    if (in.readUnsignedByte() != VERSION) {
      throw new IOException("not a SOCKS5 proxy");
    }
    int reply = in.readUnsignedByte();
    in.readUnsignedByte(); // reserved
    skipBoundAddress(in);
    if (reply != 0) {
      throw new IOException("SOCKS5 proxy could not connect to the target (reply " + reply + ")");
    }
  }

  private void authenticate(OutputStream out, DataInputStream in) throws IOException {
    byte[] user = String.valueOf(username).getBytes(StandardCharsets.UTF_8);
    byte[] pass = String.valueOf(password == null ? "" : password).getBytes(StandardCharsets.UTF_8);
    if (user.length > 255 || pass.length > 255) {
      throw new IOException("SOCKS5 credentials are at most 255 bytes each");
    }
    byte[] message = new byte[3 + user.length + pass.length];
    message[0] = 1;
    message[1] = (byte) user.length;
    System.arraycopy(user, 0, message, 2, user.length);
    message[2 + user.length] = (byte) pass.length;
    System.arraycopy(pass, 0, message, 3 + user.length, pass.length);
    out.write(message);
    out.flush();
    in.readUnsignedByte();
    if (in.readUnsignedByte() != 0) {
      throw new IOException("SOCKS5 proxy refused the credentials");
    }
  }

  /** CONNECT to the target: by name when it has one, else by address. */
  private static byte[] request(InetSocketAddress target) throws IOException {
    String host = target.getHostString();
    InetAddress address = target.getAddress();
    byte[] head = {VERSION, 1, 0};
    byte[] where;
    if (address != null && !isName(host)) {
      byte[] raw = address.getAddress();
      where = new byte[1 + raw.length];
      where[0] = (byte) (raw.length == 4 ? 1 : 4);
      System.arraycopy(raw, 0, where, 1, raw.length);
    } else {
      byte[] name = host.getBytes(StandardCharsets.US_ASCII);
      if (name.length > 255) {
        throw new IOException("host name too long for SOCKS5");
      }
      where = new byte[2 + name.length];
      where[0] = 3;
      where[1] = (byte) name.length;
      System.arraycopy(name, 0, where, 2, name.length);
    }
    byte[] message = new byte[head.length + where.length + 2];
    System.arraycopy(head, 0, message, 0, head.length);
    System.arraycopy(where, 0, message, head.length, where.length);
    message[message.length - 2] = (byte) (target.getPort() >> 8);
    message[message.length - 1] = (byte) target.getPort();
    return message;
  }

  /** Whether {@code host} is a name rather than an IPv4 or IPv6 literal. */
  private static boolean isName(String host) {
    return !host.contains(":") && !host.matches("[0-9.]+");
  }

  private static void skipBoundAddress(DataInputStream in) throws IOException {
    int type = in.readUnsignedByte();
    int length =
        switch (type) {
          case 1 -> 4;
          case 4 -> 16;
          case 3 -> in.readUnsignedByte();
          default -> throw new IOException("SOCKS5 proxy sent an unknown address type");
        };
    skip(in, length + 2);
  }

  private static void skip(InputStream in, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      if (in.read() < 0) {
        throw new IOException("SOCKS5 proxy closed the connection");
      }
    }
  }
}
