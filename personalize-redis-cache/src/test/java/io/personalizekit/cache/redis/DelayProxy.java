package io.personalizekit.cache.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of a real server that, while {@link #delayMillis} is above zero, delivers every reply chunk
 * that long after it arrived (in order, per connection), so the server looks slow without being changed. Counts
 * the bytes sent to the server. Each connection has two pump threads and one scheduler thread.
 */
final class DelayProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<ScheduledExecutorService> schedulers = new CopyOnWriteArrayList<>();
    final AtomicLong bytesToServer = new AtomicLong();
    volatile long delayMillis;

    DelayProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "delay-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    String uri() {
        return "redis://127.0.0.1:" + port();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress("127.0.0.1", targetPort), 2000);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                ScheduledExecutorService replies = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "delay-proxy-reply");
                    t.setDaemon(true);
                    return t;
                });
                schedulers.add(replies);
                pump(client, server, true, replies);
                pump(server, client, false, replies);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean toServer, ScheduledExecutorService replies) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream()) {
                        OutputStream out = to.getOutputStream();
                        int n;
                        while ((n = in.read(buf)) >= 0) {
                            byte[] chunk = Arrays.copyOf(buf, n);
                            if (toServer) {
                                bytesToServer.addAndGet(n);
                                out.write(chunk);
                                out.flush();
                            } else {
                                long delay = delayMillis;
                                replies.schedule(() -> write(out, chunk), delay, TimeUnit.MILLISECONDS);
                            }
                        }
                    } catch (IOException e) {
                        // connection closed
                    }
                    close(to);
                },
                "delay-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void write(OutputStream out, byte[] chunk) {
        try {
            out.write(chunk);
            out.flush();
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // best effort
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(DelayProxy::close);
        schedulers.forEach(ScheduledExecutorService::shutdownNow);
    }
}
