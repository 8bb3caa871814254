package io.fisherselect.job.cli;

import io.fisherselect.job.api.FisherKryoRegistrator;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of a command: the cluster's when launched by {@code spark-submit} (which sets
 * {@code spark.master}), otherwise an embedded {@code local[*]} one.
 */
final class SparkSessions {
    private SparkSessions() {
    }

    static SparkSession create(String appName, String master) {
        SparkConf conf = new SparkConf(true).setAppName(appName);
        if (master != null && !master.isBlank()) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        if (conf.get("spark.serializer", "").endsWith(".KryoSerializer")) {
            // FisherSelect's records need Java serialization inside Kryo
            String registrators = conf.get("spark.kryo.registrator", "");
            String ours = FisherKryoRegistrator.class.getName();
            if (!java.util.Arrays.asList(registrators.split(",")).contains(ours)) {
                conf.set("spark.kryo.registrator", registrators.isBlank() ? ours : registrators + "," + ours);
            }
        }
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.sql.shuffle.partitions", "8");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        String checkpointDir = conf.get("spark.checkpoint.dir", "");
        if (!checkpointDir.isEmpty()) {
            spark.sparkContext().setCheckpointDir(checkpointDir);
        }
        return spark;
    }
}
