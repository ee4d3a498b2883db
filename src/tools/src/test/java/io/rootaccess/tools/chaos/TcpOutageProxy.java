package io.rootaccess.tools.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 in front of the embedded API server that can go down: {@link #down()}
 * closes the listening socket and every open connection (so watches break and new connections are
 * refused), {@link #up()} listens again on the same port.
 */
final class TcpOutageProxy implements AutoCloseable {
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    TcpOutageProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = listen(0);
        this.port = server.getLocalPort();
        accept(server);
    }

    int port() {
        return port;
    }

    synchronized void down() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
        open.clear();
    }

    synchronized void up() throws IOException {
        server = listen(port);
        accept(server);
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        return s;
    }

    private void accept(ServerSocket listening) {
        Thread t =
                new Thread(
                        () -> {
                            while (!listening.isClosed()) {
                                try {
                                    Socket client = listening.accept();
                                    Socket upstream =
                                            new Socket(
                                                    InetAddress.getByName("127.0.0.1"), targetPort);
                                    open.add(client);
                                    open.add(upstream);
                                    pump(client, upstream);
                                    pump(upstream, client);
                                } catch (IOException e) {
                                    // closed by down(), or the target refused: the client sees a
                                    // broken connection
                                }
                            }
                        },
                        "outage-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    private void pump(Socket from, Socket to) {
        Thread t =
                new Thread(
                        () -> {
                            byte[] buf = new byte[16384];
                            try (InputStream in = from.getInputStream();
                                    OutputStream out = to.getOutputStream()) {
                                int n;
                                while ((n = in.read(buf)) >= 0) {
                                    out.write(buf, 0, n);
                                    out.flush();
                                }
                            } catch (IOException e) {
                                // connection cut
                            } finally {
                                close(from);
                                close(to);
                            }
                        },
                        "outage-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void close(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        down();
    }
}
