/*
 * The send plan the interop producers share: which messages to send (read from a plan file and a bodies
 * file the Node test writes) and where the results go (one JSON line per message). Plain Java 8, no
 * dependencies, so one file serves the remoting clients 4.9.x and 5.x and the gRPC client alike.
 *
 * Plan file: one message a line, tab-separated, every text field percent-encoded (UTF-8):
 *   index  topic  tag  keys  bodyOffset  bodyLength  properties  flags
 * keys are comma-separated, properties `name=value&name=value`, flags comma-separated (`corrupt`: spoil
 * the compressed body before it leaves the client). The body is bytes [offset, offset + length) of the
 * bodies file.
 *
 * Results file: one JSON object a line, in completion order:
 *   {"index":3,"msgId":"...","queueId":1,"offset":17,"compressed":true}   or   {"index":3,"error":"..."}
 */
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class Plan {
    static final class Item {
        int index;
        String topic;
        String tag;
        List<String> keys = new ArrayList<>();
        byte[] body;
        Map<String, String> properties = new LinkedHashMap<>();
        boolean corrupt;
    }

    final List<Item> items = new ArrayList<>();
    private final PrintWriter out;
    private int sent;
    private int failed;

    private Plan(PrintWriter out) {
        this.out = out;
    }

    /** Reads `--plan`, `--bodies` and opens `--out` of the parsed command line. */
    static Plan load(Map<String, String> args) throws IOException {
        Plan plan = new Plan(new PrintWriter(Files.newBufferedWriter(Paths.get(need(args, "out")), StandardCharsets.UTF_8)));
        try (RandomAccessFile bodies = new RandomAccessFile(need(args, "bodies"), "r");
             BufferedReader lines = Files.newBufferedReader(Paths.get(need(args, "plan")), StandardCharsets.UTF_8)) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.isEmpty()) continue;
                String[] f = line.split("\t", -1);
                if (f.length != 8) throw new IOException("plan line has " + f.length + " fields, not 8: " + line);
                Item item = new Item();
                item.index = Integer.parseInt(f[0]);
                item.topic = decode(f[1]);
                item.tag = f[2].isEmpty() ? null : decode(f[2]);
                if (!f[3].isEmpty()) for (String k : f[3].split(",")) item.keys.add(decode(k));
                long offset = Long.parseLong(f[4]);
                item.body = new byte[Integer.parseInt(f[5])];
                bodies.seek(offset);
                bodies.readFully(item.body);
                if (!f[6].isEmpty()) {
                    for (String pair : f[6].split("&")) {
                        int eq = pair.indexOf('=');
                        item.properties.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                    }
                }
                for (String flag : f[7].split(",")) if (flag.equals("corrupt")) item.corrupt = true;
                plan.items.add(item);
            }
        }
        return plan;
    }

    /** `--name value` pairs. */
    static Map<String, String> parseArgs(String[] argv) {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) throw new IllegalArgumentException("expected --name, got " + argv[i]);
            args.put(argv[i].substring(2), argv[i + 1]);
        }
        return args;
    }

    static String need(Map<String, String> args, String name) {
        String v = args.get(name);
        if (v == null) throw new IllegalArgumentException("missing --" + name);
        return v;
    }

    synchronized void sent(int index, String msgId, int queueId, long offset, boolean compressed) {
        sent++;
        out.println("{\"index\":" + index + ",\"msgId\":" + json(msgId) + ",\"queueId\":" + queueId
            + ",\"offset\":" + offset + ",\"compressed\":" + compressed + "}");
    }

    synchronized void failed(int index, Throwable err) {
        failed++;
        String text = err.toString();
        if (err.getCause() != null) text += " (cause: " + err.getCause() + ")";
        out.println("{\"index\":" + index + ",\"error\":" + json(text) + "}");
    }

    /** Flushes the results and says what happened on stderr; the exit code for main. */
    synchronized int finish(long startedNanos) {
        out.close();
        System.err.printf("sent %d, failed %d, in %.1f s%n", sent, failed, (System.nanoTime() - startedNanos) / 1e9);
        return failed == 0 && sent == items.size() ? 0 : 1;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, "UTF-8");
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }
}
