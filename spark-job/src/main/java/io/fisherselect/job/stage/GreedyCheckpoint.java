package io.fisherselect.job.stage;

import io.fisherselect.job.io.InputException;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.Pick;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ejml.data.DMatrixRMaj;

/**
 * The greedy's progress in {@code --checkpoint DIR} (any Hadoop file system: local, hdfs:, s3a:):
 * the forward picks so far — id, gain, seconds, and the embedding, factor and state row the driver
 * needs to replay them ({@link io.fisherselect.math.select.GreedyResume}) — with a fingerprint of
 * the run's arguments and inputs.
 *
 * <p>Each save writes {@code progress-NNNNNNNN.txt} (N = the number of picks) as a hidden
 * temporary file and renames it into place, then deletes older progress files; a reader takes
 * the newest complete file, so a kill at any moment leaves a readable checkpoint. Doubles are
 * stored as their IEEE 754 bits (hex), ids in Base64, so a resumed run sees exactly the saved
 * numbers.
 *
 * <p>A checkpoint whose fingerprint differs from the run's is refused ({@link InputException},
 * naming the arguments that differ): resuming another selection's picks would silently give a
 * wrong batch.
 */
public final class GreedyCheckpoint {
    private static final Logger LOG = LogManager.getLogger(GreedyCheckpoint.class);
    static final String MAGIC = "fisherselect-greedy-checkpoint 1";
    static final String PREFIX = "progress-";

    private final String dir;
    private final Path root;
    private final FileSystem fs;
    private final Map<String, String> fingerprint;

    /**
     * @param fingerprint the run's identity, key → value (arguments and input hashes); a saved
     *                    checkpoint must match it entry for entry
     */
    public GreedyCheckpoint(String dir, Configuration conf, Map<String, String> fingerprint) {
        this.dir = dir;
        this.root = new Path(dir);
        this.fingerprint = new LinkedHashMap<>(fingerprint);
        try {
            this.fs = root.getFileSystem(conf);
        } catch (IOException e) {
            throw new InputException("--checkpoint '" + dir + "': cannot open its file system: " + e.getMessage());
        }
    }

    /** A saved pick with the seconds it took. */
    public record Saved(Pick pick, double seconds) {
    }

    /**
     * The saved picks (empty when the directory does not exist or holds no progress yet).
     *
     * @throws InputException when the checkpoint belongs to a different selection, or is unreadable
     */
    public List<Saved> load() {
        try {
            if (!fs.exists(root)) {
                return List.of();
            }
            FileStatus newest = null;
            for (FileStatus st : fs.listStatus(root)) {
                String name = st.getPath().getName();
                if (name.startsWith(PREFIX) && name.endsWith(".txt")
                        && (newest == null || name.compareTo(newest.getPath().getName()) > 0)) {
                    newest = st;
                }
            }
            if (newest == null) {
                return List.of();
            }
            return read(newest.getPath());
        } catch (IOException e) {
            throw new InputException("--checkpoint '" + dir + "' cannot be read: " + e.getMessage());
        }
    }

    private List<Saved> read(Path file) throws IOException {
        Map<String, String> saved = new LinkedHashMap<>();
        List<Saved> picks = new ArrayList<>();
        int expected = -1;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
            String first = in.readLine();
            if (!MAGIC.equals(first)) {
                throw new InputException("--checkpoint '" + dir + "': " + file.getName()
                        + " is not a FisherSelect greedy checkpoint; use an empty or new directory");
            }
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("fp ")) {
                    String[] kv = line.substring(3).split("=", 2);
                    saved.put(decode(kv[0]), decode(kv[1]));
                } else if (line.startsWith("picks ")) {
                    expected = Integer.parseInt(line.substring(6));
                } else if (line.startsWith("pick ")) {
                    picks.add(parsePick(line));
                }
            }
        } catch (RuntimeException e) {
            if (e instanceof InputException ie) {
                throw ie;
            }
            throw new InputException("--checkpoint '" + dir + "': " + file.getName() + " is damaged (" + e
                    + "); use an empty or new directory");
        }
        if (expected != picks.size()) {
            throw new InputException("--checkpoint '" + dir + "': " + file.getName() + " is incomplete (" + picks.size()
                    + " of " + expected + " picks); use an empty or new directory");
        }
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> e : fingerprint.entrySet()) {
            String was = saved.get(e.getKey());
            if (!e.getValue().equals(was)) {
                differences.add(e.getKey() + " was " + (was == null ? "not set" : "'" + was + "'") + ", now '"
                        + e.getValue() + "'");
            }
        }
        for (String key : saved.keySet()) {
            if (!fingerprint.containsKey(key)) {
                differences.add(key + " was '" + saved.get(key) + "', now not set");
            }
        }
        if (!differences.isEmpty()) {
            throw new InputException("--checkpoint '" + dir + "' holds the progress of a different selection ("
                    + String.join("; ", differences) + "); rerun with the same arguments and inputs to resume it, or"
                    + " use a new --checkpoint directory");
        }
        LOG.info("resuming from " + file + ": " + picks.size() + " picks");
        return picks;
    }

    /** Saves the forward picks so far (atomically: a temporary file renamed into place). */
    public void save(List<Pick> picks, List<Double> seconds) {
        StringBuilder b = new StringBuilder(MAGIC).append('\n');
        for (Map.Entry<String, String> e : fingerprint.entrySet()) {
            b.append("fp ").append(encode(e.getKey())).append('=').append(encode(e.getValue())).append('\n');
        }
        b.append("picks ").append(picks.size()).append('\n');
        for (int i = 0; i < picks.size(); i++) {
            Pick p = picks.get(i);
            b.append("pick ").append(encode(p.id)).append(' ').append(bits(p.gain)).append(' ')
                    .append(bits(seconds.get(i)));
            appendArray(b, p.phi);
            appendArray(b, p.factor);
            appendArray(b, p.state);
            b.append('\n');
        }
        String name = String.format("%s%08d.txt", PREFIX, picks.size());
        Path target = new Path(root, name);
        Path temp = new Path(root, "." + name + ".tmp-" + java.util.UUID.randomUUID());
        try {
            fs.mkdirs(root);
            try (OutputStream out = fs.create(temp, true)) {
                out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            }
            if (fs.exists(target)) {
                fs.delete(target, false);
            }
            if (!fs.rename(temp, target)) {
                throw new IOException("rename of " + temp + " to " + target + " failed");
            }
            for (FileStatus st : fs.listStatus(root)) {
                String n = st.getPath().getName();
                if (n.startsWith(PREFIX) && n.endsWith(".txt") && n.compareTo(name) < 0) {
                    fs.delete(st.getPath(), false);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing the checkpoint " + target + " failed: " + e.getMessage(), e);
        }
    }

    private static void appendArray(StringBuilder b, double[] v) {
        b.append(' ').append(v.length);
        for (double x : v) {
            b.append(' ').append(bits(x));
        }
    }

    private static Saved parsePick(String line) {
        String[] f = line.split(" ");
        int i = 1;
        String id = decode(f[i++]);
        double gain = unbits(f[i++]);
        double seconds = unbits(f[i++]);
        double[][] arrays = new double[3][];
        for (int a = 0; a < 3; a++) {
            int n = Integer.parseInt(f[i++]);
            arrays[a] = new double[n];
            for (int j = 0; j < n; j++) {
                arrays[a][j] = unbits(f[i++]);
            }
        }
        return new Saved(new Pick(id, gain, arrays[0], arrays[1], arrays[2]), seconds);
    }

    private static String bits(double x) {
        return Long.toHexString(Double.doubleToRawLongBits(x));
    }

    private static double unbits(String s) {
        return Double.longBitsToDouble(Long.parseUnsignedLong(s, 16));
    }

    private static String encode(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String s) {
        return new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
    }

    /** A 64-bit hash of a matrix's bits (null: "none"), for the fingerprint. */
    public static String hash(DMatrixRMaj m) {
        if (m == null) {
            return "none";
        }
        long h = mix(m.numRows * 31L + m.numCols);
        for (double x : m.data) {
            h = mix(h ^ Double.doubleToRawLongBits(x));
        }
        return Long.toHexString(h);
    }

    /** A 64-bit hash of a block's ids, embeddings and factors in row order (null: "none"). */
    public static String hash(CandidateBlock b) {
        return b == null ? "none" : Long.toHexString(orderedHash(b));
    }

    private static long orderedHash(CandidateBlock b) {
        long h = 17;
        for (int i = 0; i < b.n; i++) {
            h = mix(h ^ itemHash(b, i));
        }
        return h;
    }

    /**
     * The pool's content hash, independent of partitioning and row order: the sum of a hash of each
     * item (id, embedding, factor), per block.
     */
    public static long unorderedHash(CandidateBlock b) {
        long s = 0;
        for (int i = 0; i < b.n; i++) {
            s += itemHash(b, i);
        }
        return s;
    }

    private static long itemHash(CandidateBlock b, int i) {
        long h = mix(b.ids[i].hashCode() * 0x9E3779B97F4A7C15L + b.ids[i].length());
        for (int k = 0; k < b.d; k++) {
            h = mix(h ^ Double.doubleToRawLongBits(b.phi[b.phiOffset(i) + k]));
        }
        int cr = b.c * b.r;
        for (int k = 0; k < cr; k++) {
            h = mix(h ^ Double.doubleToRawLongBits(b.factor[b.factorOffset(i) + k]));
        }
        return h;
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
