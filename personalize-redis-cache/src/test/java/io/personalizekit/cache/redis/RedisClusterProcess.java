package io.personalizekit.cache.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A real Redis Cluster for tests and benchmarks: {@code masters} masters and {@code replicasPerMaster} replicas each,
 * every node a {@code redis-server} (the one {@link RedisServerBinary} picks) on a free loopback port, without
 * persistence. The cluster is formed from here, over Jedis, with no {@code redis-cli}: slots split evenly with {@code
 * CLUSTER ADDSLOTS}, nodes joined with {@code CLUSTER MEET}, replicas attached with {@code CLUSTER REPLICATE}, then
 * polled (with a deadline) until every node reports {@code cluster_state:ok} and every replica is in sync. The node
 * timeout is short ({@value #NODE_TIMEOUT_MILLIS} ms) so a killed master fails over within seconds; {@code
 * cluster-require-full-coverage no} keeps the other masters' slots served meanwhile. Public, in the test-jar, for the
 * benchmarks.
 */
public final class RedisClusterProcess implements AutoCloseable {
    /** {@code cluster-node-timeout} of every node, in milliseconds: {@value}. */
    public static final int NODE_TIMEOUT_MILLIS = 500;

    private static final int SLOTS = 16384;
    private static final Duration FORM_TIMEOUT = Duration.ofSeconds(60);

    /** One redis-server of the cluster. */
    public static final class Node {
        final int port;
        final Path dir;

        @Nullable
        Process process;

        String id = "";

        Node(int port, Path dir) {
            this.port = port;
            this.dir = dir;
        }

        /** The node's port on 127.0.0.1. */
        public int port() {
            return port;
        }

        /** A new Jedis connection to this node alone; the caller closes it. */
        public Jedis jedis() {
            return RedisClusterProcess.jedis(port);
        }

        boolean alive() {
            Process p = process;
            return p != null && p.isAlive();
        }

        @Override
        public String toString() {
            return "127.0.0.1:" + port;
        }
    }

    private final List<Node> masters = new ArrayList<>();
    private final List<Node> replicas = new ArrayList<>();

    private RedisClusterProcess() {}

    /**
     * Starts and forms a cluster.
     *
     * @param masterCount masters (at least 3, so a majority remains to elect a replica when one fails)
     * @param replicasPerMaster replicas of each master
     * @return the running cluster, {@code cluster_state:ok} on every node
     * @throws IOException when a process cannot start
     */
    public static RedisClusterProcess start(int masterCount, int replicasPerMaster) throws IOException {
        RedisClusterProcess c = new RedisClusterProcess();
        try {
            for (int i = 0; i < masterCount; i++) {
                c.masters.add(c.launch());
            }
            for (int i = 0; i < masterCount * replicasPerMaster; i++) {
                c.replicas.add(c.launch());
            }
            c.form(replicasPerMaster);
            return c;
        } catch (IOException | RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    /** A free loopback port whose cluster bus port (port + 10000) is free as well. */
    private static int freePort() throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 200; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, lo)) {
                int port = s.getLocalPort();
                if (port + 10000 > 65535) {
                    continue;
                }
                try (ServerSocket bus = new ServerSocket(port + 10000, 1, lo)) {
                    return port;
                } catch (IOException busy) {
                    // try another
                }
            }
        }
        throw new IOException("no free port p with p + 10000 free after 200 tries");
    }

    private Node launch() throws IOException {
        RedisServerBinary binary = RedisServerBinary.get();
        Node n = new Node(freePort(), Files.createTempDirectory("redis-cluster-test"));
        List<String> cmd = List.of(
                binary.path().toString(),
                "--port",
                Integer.toString(n.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                n.dir.toString(),
                "--logfile",
                n.dir.resolve("redis.log").toString(),
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                n.dir.resolve("nodes.conf").toString(),
                "--cluster-node-timeout",
                Integer.toString(NODE_TIMEOUT_MILLIS),
                "--cluster-replica-validity-factor",
                "0",
                "--cluster-require-full-coverage",
                "no");
        n.process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        awaitCondition("node " + n + " answers PING", () -> {
            if (!n.alive()) {
                throw new AssertionError(binary + " exited on port " + n.port + ": " + log(n));
            }
            try (Jedis j = n.jedis()) {
                return "PONG".equals(j.ping());
            } catch (RuntimeException e) {
                return false;
            }
        });
        try (Jedis j = n.jedis()) {
            n.id = j.clusterMyId();
        }
        return n;
    }

    private void form(int replicasPerMaster) {
        List<Node> all = nodes();
        int m = masters.size();
        for (int i = 0; i < m; i++) {
            int from = i * SLOTS / m;
            int to = (i + 1) * SLOTS / m;
            int[] slots = new int[to - from];
            for (int s = from; s < to; s++) {
                slots[s - from] = s;
            }
            try (Jedis j = masters.get(i).jedis()) {
                j.clusterAddSlots(slots);
            }
        }
        try (Jedis j = masters.get(0).jedis()) {
            for (Node n : all.subList(1, all.size())) {
                j.clusterMeet("127.0.0.1", n.port);
            }
        }
        awaitCondition("every node knows every other", () -> {
            for (Node n : all) {
                try (Jedis j = n.jedis()) {
                    String nodes = j.clusterNodes();
                    if (nodes.lines().count() != all.size() || nodes.contains("handshake")) {
                        return false;
                    }
                }
            }
            return true;
        });
        for (int r = 0; r < replicas.size(); r++) {
            Node master = masters.get(r / replicasPerMaster);
            try (Jedis j = replicas.get(r).jedis()) {
                j.clusterReplicate(master.id);
            }
        }
        awaitOk();
        awaitReplicasInSync();
    }

    /** Polls until every live node reports {@code cluster_state:ok} and sees the same masters' slots covered. */
    public void awaitOk() {
        awaitCondition("cluster_state:ok on every live node", () -> {
            for (Node n : nodes()) {
                if (!n.alive()) {
                    continue;
                }
                try (Jedis j = n.jedis()) {
                    if (!j.clusterInfo().contains("cluster_state:ok")) {
                        return false;
                    }
                } catch (RuntimeException e) {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * Polls until every live replica's link to its master is up and its replication offset equals its master's: all
     * writes acknowledged so far are on the replicas.
     */
    public void awaitReplicasInSync() {
        awaitCondition("replicas in sync with their masters", () -> {
            for (Node r : replicas) {
                if (!r.alive()) {
                    continue;
                }
                try (Jedis j = r.jedis()) {
                    String info = j.info("replication");
                    if (!info.contains("role:slave") || !info.contains("master_link_status:up")) {
                        return false;
                    }
                    int port = Integer.parseInt(field(info, "master_port"));
                    long offset = Long.parseLong(field(info, "slave_repl_offset"));
                    try (Jedis mj = jedis(port)) {
                        if (Long.parseLong(field(mj.info("replication"), "master_repl_offset")) != offset) {
                            return false;
                        }
                    }
                } catch (RuntimeException e) {
                    return false;
                }
            }
            return true;
        });
    }

    private static String field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        throw new IllegalStateException(name + " missing from INFO");
    }

    /** The masters, in slot order (the first holds slots from 0), as formed. */
    public List<Node> masters() {
        return List.copyOf(masters);
    }

    /** The replicas, those of the first master first. */
    public List<Node> replicas() {
        return List.copyOf(replicas);
    }

    /** Every node, masters first. */
    public List<Node> nodes() {
        List<Node> all = new ArrayList<>(masters);
        all.addAll(replicas);
        return all;
    }

    /** The live node answering for {@code port} now reports itself a master. */
    public boolean isMaster(Node node) {
        if (!node.alive()) {
            return false;
        }
        try (Jedis j = node.jedis()) {
            return j.info("replication").contains("role:master");
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Seed URIs of every node ({@code redis://127.0.0.1:port}). */
    public String[] uris() {
        return nodes().stream().map(n -> "redis://127.0.0.1:" + n.port).toArray(String[]::new);
    }

    /** Kills one node without saving (a crash). */
    public void kill(Node node) throws InterruptedException {
        Process p = node.process;
        if (p != null) {
            p.destroyForcibly().waitFor();
            node.process = null;
        }
    }

    /** A plain RESP2 connection to one node, for the cluster commands sent while forming and inspecting it. */
    static Jedis jedis(int port) {
        return new Jedis(
                new HostAndPort("127.0.0.1", port),
                DefaultJedisClientConfig.builder()
                        .timeoutMillis(2000)
                        .autoNegotiateProtocol(false)
                        .build());
    }

    /** Polls {@code condition} every few milliseconds until it holds, failing after one minute. */
    public static void awaitCondition(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + FORM_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Redis Cluster: not " + what + " within " + FORM_TIMEOUT);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static String log(Node n) {
        try {
            return Files.readString(n.dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Kills every node and deletes their directories. */
    @Override
    public void close() {
        for (Node n : nodes()) {
            Process p = n.process;
            if (p != null) {
                p.destroyForcibly();
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                n.process = null;
            }
            try (var files = Files.walk(n.dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // temp dir; best effort
            }
        }
    }
}
