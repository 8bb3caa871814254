package io.fisherselect.job.stage;

import io.fisherselect.job.io.Item;
import io.fisherselect.math.sample.ItemUniform;
import java.io.Serializable;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * A seeded simple random sample of exactly n items of a set: the n items with the smallest
 * u(seed, stream, id) (ties: smaller id). It depends only on the seed and the ids, never on the
 * partitioning or row order; with n ≥ the set's size it is the whole set.
 */
public final class SeededSample {
    /** stream of {@code --eval-sample} */
    public static final long STREAM_EVAL_SAMPLE = 0x4556414C53414D50L;

    private SeededSample() {
    }

    public static JavaRDD<Item> of(JavaSparkContext sc, JavaRDD<Item> items, int n, long seed, long stream) {
        List<Tuple2<Double, String>> keys = items
                .map(it -> new Tuple2<>(ItemUniform.uniform(seed, stream, it.id()), it.id()))
                .takeOrdered(n, new KeyOrder());
        Set<String> ids = new HashSet<>();
        for (Tuple2<Double, String> t : keys) {
            ids.add(t._2());
        }
        Broadcast<Set<String>> keep = sc.broadcast(ids);
        return items.filter(it -> keep.value().contains(it.id()));
    }

    static final class KeyOrder implements Comparator<Tuple2<Double, String>>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(Tuple2<Double, String> a, Tuple2<Double, String> b) {
            int c = Double.compare(a._1(), b._1());
            return c != 0 ? c : a._2().compareTo(b._2());
        }
    }
}
