package io.fisherselect.job.stage;

import io.fisherselect.job.io.Item;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.score.ItemScore;
import io.fisherselect.math.select.BlockState;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.CandidateBlockBuilder;
import io.fisherselect.math.select.GreedyObjective;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Every item's score under several methods in one pass: each partition builds one
 * {@link CandidateBlock} per distinct {@link FactorSpec} from the same rows (e.g. the Fisher
 * factor for eig-trace and eig-logdet, the pseudo-label gradient for logdet), evaluates every
 * column on its block and emits one row {@code (id, score₁, …, scoreₘ)} per item. A column is
 * either a top-k method's {@link ItemScore} or a greedy objective's single-item gain (the gain the
 * greedy gives the item as its first pick: {@link GreedyObjective#gain} on
 * {@link BlockState#initial}). Scores depend only on the item and the broadcast plan, never on the
 * partitioning.
 */
public final class ScorePass {
    private ScorePass() {
    }

    /**
     * One output column.
     *
     * @param name      the column's name (the method's name)
     * @param spec      index into the pass's factor specs: the block this column is evaluated on
     * @param score     the per-item score of a top-k method, or null
     * @param objective the greedy objective whose single-item gain is the score, or null
     */
    public record Column(String name, int spec, ItemScore score, GreedyObjective objective) implements Serializable {
        public Column {
            if ((score == null) == (objective == null)) {
                throw new IllegalArgumentException(name + ": exactly one of score and objective is needed");
            }
        }

        public static Column score(String name, int spec, ItemScore score) {
            return new Column(name, spec, score, null);
        }

        public static Column firstGain(String name, int spec, GreedyObjective objective) {
            return new Column(name, spec, null, objective);
        }
    }

    /**
     * The rows {@code (id, column values…)} of every item.
     *
     * @param specs   the distinct factor specs the columns use
     * @param columns broadcast once; the columns in output order
     * @param c       classes C (or outputs for regression)
     * @param rawD    the embedding length as read (before the optional bias column)
     */
    public static JavaRDD<Row> rows(JavaRDD<Item> items, List<FactorSpec> specs, Broadcast<List<Column>> columns,
                                    int c, int rawD) {
        List<FactorSpec> s = List.copyOf(specs);
        // A partition is scored CHUNK items at a time: every value is a function of its item
        // alone, and a block of a whole partition (250,000 items of a 500,000-item pool in two
        // files) would not fit a small heap, where chunks of it do.
        return items.mapPartitions(it -> new Iterator<Row>() {
            private Iterator<Row> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && it.hasNext()) {
                    List<Item> chunk = new ArrayList<>(CHUNK);
                    while (chunk.size() < CHUNK && it.hasNext()) {
                        chunk.add(it.next());
                    }
                    List<CandidateBlock> blocks = blocks(chunk.iterator(), s, c, rawD);
                    current = toRows(blocks, evaluate(blocks, columns.value())).iterator();
                }
                return current.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return current.next();
            }
        });
    }

    /** Items scored at once by {@link #rows}: a few MB of block at d = 64, C = 10. */
    static final int CHUNK = 4096;

    /**
     * The input rows, each with the columns' values appended (in the input's order and
     * partitioning): what the Java API's scorer returns.
     *
     * @param parse the row's item (the same parsing the sets were validated with)
     */
    public static JavaRDD<Row> appended(JavaRDD<Row> rows, Function<Row, Item> parse, List<FactorSpec> specs,
                                        Broadcast<List<Column>> columns, int c, int rawD) {
        List<FactorSpec> s = List.copyOf(specs);
        return rows.mapPartitions(it -> {
            List<Row> in = new ArrayList<>();
            List<Item> items = new ArrayList<>();
            while (it.hasNext()) {
                Row r = it.next();
                in.add(r);
                items.add(parse.call(r));
            }
            if (in.isEmpty()) {
                return java.util.Collections.<Row>emptyIterator();
            }
            double[][] values = evaluate(blocks(items.iterator(), s, c, rawD), columns.value());
            List<Row> out = new ArrayList<>(in.size());
            for (int i = 0; i < in.size(); i++) {
                Row r = in.get(i);
                Object[] fields = new Object[r.length() + values.length];
                for (int f = 0; f < r.length(); f++) {
                    fields[f] = r.get(f);
                }
                for (int j = 0; j < values.length; j++) {
                    fields[r.length() + j] = values[j][i];
                }
                out.add(RowFactory.create(fields));
            }
            return out.iterator();
        });
    }

    /** One block per spec, all built from the same items in the same order. */
    private static List<CandidateBlock> blocks(Iterator<Item> it, List<FactorSpec> specs, int c, int rawD) {
        List<CandidateBlockBuilder> builders = new ArrayList<>();
        for (FactorSpec spec : specs) {
            builders.add(new CandidateBlockBuilder(spec, c));
        }
        while (it.hasNext()) {
            Item item = it.next();
            double[] probs = CandidateBlocks.normalized(item.probs(), specs.get(0).likelihood());
            for (CandidateBlockBuilder b : builders) {
                b.add(item.id(), item.embedding(), probs, item.label());
            }
        }
        List<CandidateBlock> blocks = new ArrayList<>();
        for (CandidateBlockBuilder b : builders) {
            blocks.add(b.build(rawD));
        }
        return blocks;
    }

    /**
     * Every column's value for every row of the blocks (all built from the same rows, in the same
     * order): {@code values[column][row]}.
     *
     * @throws ArithmeticException when a value is NaN (never written silently)
     */
    public static double[][] evaluate(List<CandidateBlock> blocks, List<Column> columns) {
        int n = blocks.get(0).n;
        double[][] values = new double[columns.size()][n];
        for (int j = 0; j < columns.size(); j++) {
            Column col = columns.get(j);
            CandidateBlock b = blocks.get(col.spec());
            if (col.score() != null) {
                double[] scratch = new double[col.score().scratchSize()];
                for (int i = 0; i < n; i++) {
                    values[j][i] = col.score().score(b, i, scratch);
                }
            } else {
                GreedyObjective objective = col.objective();
                BlockState state = BlockState.initial(b, objective);
                double[] scratch = new double[objective.scratchSize()];
                for (int i = 0; i < n; i++) {
                    values[j][i] = objective.gain(b, i, state.values, scratch);
                }
            }
            for (int i = 0; i < n; i++) {
                if (Double.isNaN(values[j][i])) {
                    throw new ArithmeticException(col.name() + " score of item '" + b.ids[i] + "' is NaN");
                }
            }
        }
        return values;
    }

    private static List<Row> toRows(List<CandidateBlock> blocks, double[][] values) {
        String[] ids = blocks.get(0).ids;
        List<Row> rows = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            Object[] fields = new Object[values.length + 1];
            fields[0] = ids[i];
            for (int j = 0; j < values.length; j++) {
                fields[j + 1] = values[j][i];
            }
            rows.add(RowFactory.create(fields));
        }
        return rows;
    }
}
