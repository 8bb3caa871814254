package io.fisherselect.job.api;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Lets FisherSelect run under {@code spark.serializer=org.apache.spark.serializer.KryoSerializer}:
 * its RDD elements, broadcasts and task results are Java records, whose fields Spark's Kryo cannot
 * set ("can't get field offset on a record class"), so every record is (de)serialized the Java
 * way inside Kryo; everything else keeps Kryo's serializers. An application that uses Kryo and
 * the Java API adds it to its registrators:
 *
 * <pre>{@code
 * spark.kryo.registrator  io.fisherselect.job.api.FisherKryoRegistrator[,your.OwnRegistrator]
 * }</pre>
 *
 * The command line adds it by itself when it finds Kryo configured.
 */
public final class FisherKryoRegistrator implements KryoRegistrator {

    @Override
    public void registerClasses(Kryo kryo) {
        kryo.addDefaultSerializer(Record.class, new JavaSerializer());
    }
}
