package io.subgate.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A SOCKS5 proxy on loopback (RFC 1928 {@code CONNECT}, by name or address), requiring the
 * username/password method of RFC 1929 when it has credentials.
 */
public final class LoopbackSocksProxy extends LoopbackProxy {

  public LoopbackSocksProxy(@Nullable String username, @Nullable String password) {
    super(username, password);
  }

  @Override
  protected void serve(Socket client) throws IOException {
    DataInputStream in = new DataInputStream(client.getInputStream());
    OutputStream out = client.getOutputStream();
    if (in.readUnsignedByte() != 5) {
      return;
    }
    int methods = in.readUnsignedByte();
    boolean offersLogin = false;
    boolean offersNone = false;
    for (int i = 0; i < methods; i++) {
      int m = in.readUnsignedByte();
      offersLogin |= m == 2;
      offersNone |= m == 0;
    }
    if (username != null) {
      if (!offersLogin) {
        refusedLogin();
        out.write(new byte[] {5, (byte) 0xFF});
        return;
      }
      out.write(new byte[] {5, 2});
      in.readUnsignedByte();
      String user = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
      String pass = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
      if (!loginMatches(user, pass)) {
        refusedLogin();
        out.write(new byte[] {1, 1});
        return;
      }
      out.write(new byte[] {1, 0});
    } else if (offersNone) {
      out.write(new byte[] {5, 0});
    } else {
      out.write(new byte[] {5, (byte) 0xFF});
      return;
    }
    in.readUnsignedByte();
    int command = in.readUnsignedByte();
    in.readUnsignedByte();
    String host =
        switch (in.readUnsignedByte()) {
          case 1 -> InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
          case 4 -> InetAddress.getByAddress(in.readNBytes(16)).getHostAddress();
          case 3 -> new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
          default -> throw new IOException("unknown address type");
        };
    int port = in.readUnsignedShort();
    if (command != 1) {
      out.write(new byte[] {5, 7, 0, 1, 0, 0, 0, 0, 0, 0});
      return;
    }
    logged("CONNECT " + host + ":" + port);
    Socket upstream;
    try {
      upstream = connect(host, port);
    } catch (IOException e) {
      out.write(new byte[] {5, 5, 0, 1, 0, 0, 0, 0, 0, 0});
      return;
    }
    out.write(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, 0, 0});
    out.flush();
    relay(client, in, upstream, new byte[0]);
  }
}
