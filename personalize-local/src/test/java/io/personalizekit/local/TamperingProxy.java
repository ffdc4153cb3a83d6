package io.personalizekit.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a free loopback port that forwards everything to a target and, in what clients send, replaces
 * every occurrence of one byte string with another of the same length: a body tampered with in flight.
 */
final class TamperingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final byte[] find;
    private final byte[] replace;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tampering-proxy");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger replaced = new AtomicInteger();

    private TamperingProxy(ServerSocket server, InetSocketAddress target, byte[] find, byte[] replace) {
        this.server = server;
        this.target = target;
        this.find = find;
        this.replace = replace;
    }

    static TamperingProxy start(URI target, byte[] find, byte[] replace) throws IOException {
        if (find.length != replace.length || find.length == 0) {
            throw new IllegalArgumentException("find and replace must have the same, non-zero length");
        }
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        TamperingProxy p =
                new TamperingProxy(s, new InetSocketAddress(target.getHost(), target.getPort()), find, replace);
        p.threads.execute(p::acceptLoop);
        return p;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** @return how many occurrences were replaced so far */
    int replaced() {
        return replaced.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                threads.execute(() -> pump(client, upstream, true));
                threads.execute(() -> pump(upstream, client, false));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean tamper) {
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            byte[] pending = new byte[0];
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (!tamper) {
                    out.write(buf, 0, n);
                    out.flush();
                    continue;
                }
                byte[] data = Arrays.copyOf(pending, pending.length + n);
                System.arraycopy(buf, 0, data, pending.length, n);
                for (int i = 0; i + find.length <= data.length; i++) {
                    if (Arrays.equals(data, i, i + find.length, find, 0, find.length)) {
                        System.arraycopy(replace, 0, data, i, replace.length);
                        replaced.incrementAndGet();
                    }
                }
                // Hold back only a tail that could be the start of the string, so nothing else waits.
                int hold = 0;
                for (int k = Math.min(find.length - 1, data.length); k > 0; k--) {
                    if (Arrays.equals(data, data.length - k, data.length, find, 0, k)) {
                        hold = k;
                        break;
                    }
                }
                out.write(data, 0, data.length - hold);
                out.flush();
                pending = Arrays.copyOfRange(data, data.length - hold, data.length);
            }
            out.write(pending);
            to.shutdownOutput();
        } catch (IOException e) {
            // one side went away
        } finally {
            try {
                from.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
