package io.fisherselect.job.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fisherselect.math.select.CandidateBlock;
import java.io.DataOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The published BAIT selection (Ash et al. 2021) transcribed to numpy ({@code
 * submit/bench/reference_bait.py}), run in its own python3 process on the factors of a pool, for
 * the bench only: the comparison users make against the authors' code. The pool's embeddings and
 * Fisher factors (ids in the given order) are written as {@code .npy} files; the script builds the
 * published Xᵢ = Vᵢᵀ and F from them and runs {@code select}.
 *
 * <p>The script's numpy uses its OpenBLAS with its own threads: the process is started without
 * {@code OPENBLAS_NUM_THREADS}, {@code OPENBLAS_CORETYPE} and {@code OPENBLAS_L2_SIZE}, which the
 * launch scripts set for the JVM's own BLAS calls.
 */
public final class ReferenceBaitNumpy {
    /** The script, relative to the repository root. */
    static final Path SCRIPT = Path.of("submit", "bench", "reference_bait.py");

    private ReferenceBaitNumpy() {
    }

    /**
     * @param ids            the surviving picks in forward order
     * @param selectSeconds  the script's {@code select}
     * @param setupSeconds   building X and F from the files
     * @param forwardSeconds each forward pick
     * @param numpy          numpy's version
     */
    public record Result(List<String> ids, double selectSeconds, double setupSeconds, double[] forwardSeconds,
                         String numpy) {
    }

    /**
     * Writes the pool's (and labeled set's) embeddings and factors to {@code dir} and runs the script.
     *
     * @param labeled the labeled set's block (same factor), or null
     */
    public static Result run(CandidateBlock pool, CandidateBlock labeled, int k, double lambda, Path dir)
            throws IOException {
        Path script = script();
        Files.createDirectories(dir);
        write(dir, "pool", pool);
        if (labeled != null && labeled.n > 0) {
            write(dir, "labeled", labeled);
        } else {
            Files.deleteIfExists(dir.resolve("labeled_phi.npy"));
            Files.deleteIfExists(dir.resolve("labeled_factor.npy"));
        }
        ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), dir.toString(), String.valueOf(k),
                String.valueOf(lambda));
        Map<String, String> env = pb.environment();
        env.remove("OPENBLAS_NUM_THREADS");
        env.remove("OPENBLAS_CORETYPE");
        env.remove("OPENBLAS_L2_SIZE");
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int code;
        try {
            code = p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while the numpy reference ran", e);
        }
        if (code != 0 || output.isEmpty()) {
            throw new IOException(script + " failed (exit " + code + "): " + output);
        }
        JsonNode json = new ObjectMapper().readTree(output.substring(output.lastIndexOf('\n') + 1));
        List<String> ids = new ArrayList<>();
        for (JsonNode i : json.get("picks")) {
            ids.add(pool.ids[i.asInt()]);
        }
        JsonNode f = json.get("forward_seconds");
        double[] forward = new double[f.size()];
        for (int i = 0; i < forward.length; i++) {
            forward[i] = f.get(i).asDouble();
        }
        return new Result(ids, json.get("select_seconds").asDouble(), json.get("setup_seconds").asDouble(), forward,
                json.get("numpy").asText());
    }

    /** The script in the repository holding the working directory (or one of its parents). */
    private static Path script() throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(SCRIPT))) {
                return p.resolve(SCRIPT);
            }
        }
        throw new IOException("the numpy reference " + SCRIPT + " is not under " + cwd + " or its parents: run the"
                + " bench inside the repository");
    }

    private static void write(Path dir, String name, CandidateBlock b) throws IOException {
        npy(dir.resolve(name + "_phi.npy"), b.phi, b.n, b.d);
        npy(dir.resolve(name + "_factor.npy"), b.factor, b.n, b.c, b.r);
    }

    /** A little-endian float64 array in numpy's .npy format (version 1.0, C order). */
    static void npy(Path file, double[] data, int... shape) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (int s : shape) {
            dims.append(s).append(", ");
        }
        String dict = String.format(Locale.ROOT, "{'descr': '<f8', 'fortran_order': False, 'shape': (%s), }",
                dims.toString().trim());
        // magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64, ending in \n
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
             DataOutputStream out = new DataOutputStream(os)) {
            out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            out.write(header.length() & 0xff);
            out.write(header.length() >> 8);
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            for (double v : data) {
                out.writeLong(Long.reverseBytes(Double.doubleToRawLongBits(v)));
            }
        }
    }
}
