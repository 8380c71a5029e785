import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A producer that is not callqa: Apache Kafka's own Java client (kafka-clients, from the broker's jars), as a
 * centre's other systems would use it. Compiled and run by tests/helpers/java-producer.ts: Produce BROKERS TOPIC COMPRESSION.
 * Reads "key TAB value" lines from stdin; \N stands for a null key or value (a tombstone). No headers.
 */
public class Produce {
    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", args[0]);
        props.put("compression.type", args[2]);
        props.put("acks", "all");
        // Many records per batch: one compressed batch holds them.
        props.put("linger.ms", "100");
        props.put("batch.size", "1048576");
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props);
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                int tab = line.indexOf('\t');
                String key = line.substring(0, tab);
                String value = line.substring(tab + 1);
                producer.send(new ProducerRecord<>(args[1], key.equals("\\N") ? null : key, value.equals("\\N") ? null : value));
            }
            producer.flush();
        }
    }
}
