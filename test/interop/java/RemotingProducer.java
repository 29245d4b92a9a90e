/*
 * Sends a plan (Plan.java) with the RocketMQ remoting client's DefaultMQProducer, the producer most Java
 * applications use: it talks to the name server and the broker directly, and compresses every body of
 * `compressMsgBodyOverHowmuch` (4 KiB) or more with zlib before sending, flagging the message compressed.
 * The same source compiles against rocketmq-client 4.9.x and 5.x.
 *
 * Usage: RemotingProducer --namesrv HOST:PORT --plan FILE --bodies FILE --out FILE [--window N]
 *
 * A message flagged `corrupt` has its compressed body spoiled by a SendMessageHook: the client calls
 * sendMessageBefore after DefaultMQProducerImpl.sendKernelImpl compressed the body (4.9.8 and 5.3.3 alike)
 * and before it builds the request, so the broker stores a message flagged compressed whose bytes keep the
 * zlib header but do not inflate. The hook also records whether each body went out compressed.
 */
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.apache.rocketmq.client.hook.SendMessageContext;
import org.apache.rocketmq.client.hook.SendMessageHook;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

public final class RemotingProducer {
    /** Bytes after the zlib header are set to 0xFF: a deflate block of the reserved type 3, which no inflater accepts. */
    private static final byte SPOILED = (byte) 0xFF;

    public static void main(String[] argv) throws Exception {
        long started = System.nanoTime();
        Map<String, String> args = Plan.parseArgs(argv);
        Plan plan = Plan.load(args);
        int window = Integer.parseInt(args.getOrDefault("window", "32"));

        Map<Message, Plan.Item> items = Collections.synchronizedMap(new IdentityHashMap<>());
        Map<Message, Boolean> compressed = Collections.synchronizedMap(new IdentityHashMap<>());
        Map<Message, String> hookErrors = Collections.synchronizedMap(new IdentityHashMap<>());

        DefaultMQProducer producer = new DefaultMQProducer("ebb-interop-producer");
        producer.setNamesrvAddr(Plan.need(args, "namesrv"));
        producer.setSendMsgTimeout(30_000);
        producer.setRetryTimesWhenSendAsyncFailed(2);
        producer.getDefaultMQProducerImpl().registerSendMessageHook(new SendMessageHook() {
            @Override
            public String hookName() {
                return "ebb-interop-corrupt";
            }

            @Override
            public void sendMessageBefore(SendMessageContext context) {
                Message msg = context.getMessage();
                Plan.Item item = items.get(msg);
                if (item == null) return;
                byte[] body = msg.getBody();
                boolean wasCompressed = body != item.body;
                compressed.put(msg, wasCompressed);
                if (!item.corrupt) return;
                if (!wasCompressed || body.length < 3 || (body[0] & 0xFF) != 0x78) {
                    hookErrors.put(msg, "corrupt asked for a body the client did not zlib-compress (" + item.body.length + " bytes)");
                    return;
                }
                byte[] spoiled = body.clone();
                for (int i = 2; i < spoiled.length; i++) spoiled[i] = SPOILED;
                msg.setBody(spoiled);
            }

            @Override
            public void sendMessageAfter(SendMessageContext context) {
            }
        });
        producer.start();

        Semaphore room = new Semaphore(window);
        for (Plan.Item item : plan.items) {
            Message msg = new Message(item.topic, item.body);
            if (item.tag != null) msg.setTags(item.tag);
            if (!item.keys.isEmpty()) msg.setKeys(item.keys);
            for (Map.Entry<String, String> p : item.properties.entrySet()) msg.putUserProperty(p.getKey(), p.getValue());
            items.put(msg, item);
            room.acquire();
            try {
                producer.send(msg, new SendCallback() {
                    @Override
                    public void onSuccess(SendResult r) {
                        String hookError = hookErrors.get(msg);
                        if (hookError != null) plan.failed(item.index, new IllegalStateException(hookError));
                        else if (r.getSendStatus() != SendStatus.SEND_OK) plan.failed(item.index, new IllegalStateException("send status " + r.getSendStatus()));
                        else plan.sent(item.index, r.getMsgId(), r.getMessageQueue().getQueueId(), r.getQueueOffset(), Boolean.TRUE.equals(compressed.get(msg)));
                        room.release();
                    }

                    @Override
                    public void onException(Throwable e) {
                        plan.failed(item.index, e);
                        room.release();
                    }
                });
            } catch (Exception e) {
                plan.failed(item.index, e);
                room.release();
            }
        }
        room.acquire(window);
        producer.shutdown();
        System.exit(plan.finish(started));
    }
}
