/*
 * Sends a plan (Plan.java) with the RocketMQ 5 gRPC Java client (rocketmq-client-java), which talks to the
 * proxy. Unlike the remoting client it never compresses: every body goes out as is (encoding IDENTITY), up
 * to the proxy's maximum body size (4 MiB). `corrupt` is refused: there is no compressed body to spoil.
 *
 * Usage: GrpcProducer --endpoint HOST:PORT --plan FILE --bodies FILE --out FILE [--window N]
 */
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.message.MessageBuilder;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.java.impl.producer.SendReceiptImpl;

public final class GrpcProducer {
    public static void main(String[] argv) throws Exception {
        long started = System.nanoTime();
        Map<String, String> args = Plan.parseArgs(argv);
        Plan plan = Plan.load(args);
        int window = Integer.parseInt(args.getOrDefault("window", "32"));

        Set<String> topics = new LinkedHashSet<>();
        for (Plan.Item item : plan.items) topics.add(item.topic);
        ClientServiceProvider provider = ClientServiceProvider.loadService();
        ClientConfiguration config = ClientConfiguration.newBuilder()
            .setEndpoints(Plan.need(args, "endpoint"))
            .enableSsl(false)
            .setRequestTimeout(Duration.ofSeconds(30))
            .build();
        Producer producer = provider.newProducerBuilder()
            .setClientConfiguration(config)
            .setTopics(topics.toArray(new String[0]))
            .build();

        Semaphore room = new Semaphore(window);
        for (Plan.Item item : plan.items) {
            if (item.corrupt) {
                plan.failed(item.index, new IllegalArgumentException("the gRPC client does not compress: nothing to corrupt"));
                continue;
            }
            Message msg;
            try {
                MessageBuilder b = provider.newMessageBuilder().setTopic(item.topic).setBody(item.body);
                if (item.tag != null) b.setTag(item.tag);
                if (!item.keys.isEmpty()) b.setKeys(item.keys.toArray(new String[0]));
                for (Map.Entry<String, String> p : item.properties.entrySet()) b.addProperty(p.getKey(), p.getValue());
                msg = b.build();
            } catch (RuntimeException e) {
                plan.failed(item.index, e);
                continue;
            }
            room.acquire();
            producer.sendAsync(msg).whenComplete((receipt, err) -> {
                if (err != null) {
                    plan.failed(item.index, err);
                } else {
                    int queueId = -1;
                    long offset = -1;
                    if (receipt instanceof SendReceiptImpl) {
                        SendReceiptImpl r = (SendReceiptImpl) receipt;
                        queueId = r.getMessageQueue().getQueueId();
                        offset = r.getOffset();
                    }
                    plan.sent(item.index, receipt.getMessageId().toString(), queueId, offset, false);
                }
                room.release();
            });
        }
        room.acquire(window);
        producer.close();
        System.exit(plan.finish(started));
    }
}
