package io.fisherselect.job.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An output directory that appears atomically: everything is written into a temporary sibling
 * ({@code .NAME.tmp-UUID}, created by the first write, so a run that fails before writing leaves
 * nothing behind) and renamed into place by {@link #commit()} only when complete. An existing
 * target is refused unless overwriting was asked for, and then it is replaced only at commit
 * time, so a failed run never leaves a half-written or a lost result.
 */
public final class OutputDirectory {
    private final FileSystem fs;
    private final Path target;
    private final Path temp;
    private final boolean overwrite;

    private OutputDirectory(FileSystem fs, Path target, Path temp, boolean overwrite) {
        this.fs = fs;
        this.target = target;
        this.temp = temp;
        this.overwrite = overwrite;
    }

    /**
     * Checks the target (call before any expensive stage); the temporary sibling is created by
     * the first write.
     *
     * @throws InputException when the target exists and {@code overwrite} is false
     */
    public static OutputDirectory prepare(String path, boolean overwrite, Configuration conf) {
        try {
            Path target = new Path(path);
            FileSystem fs = target.getFileSystem(conf);
            target = fs.makeQualified(target);
            checkTarget(fs, target, path, overwrite);
            if (target.getParent() == null) {
                throw new InputException("output directory '" + path + "' is a file system root; choose a"
                        + " directory below it");
            }
            Path temp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
            return new OutputDirectory(fs, target, temp, overwrite);
        } catch (IOException | IllegalArgumentException e) {
            throw new InputException("cannot prepare output directory '" + path + "': " + e.getMessage());
        }
    }

    /** Refuses an existing target unless {@code overwrite}; the target is never touched here. */
    static void checkTarget(FileSystem fs, Path target, String path, boolean overwrite) throws IOException {
        if (fs.exists(target) && !overwrite) {
            throw new InputException("output directory '" + path + "' already exists; choose another --out or"
                    + " pass --overwrite to replace it (it is left untouched)");
        }
        if (fs.exists(target) && !fs.getFileStatus(target).isDirectory()) {
            throw new InputException("--out '" + path + "' is an existing file, not a directory; it is left"
                    + " untouched");
        }
    }

    /** A path inside the temporary directory, as a string for Spark writers. */
    public String tempPath(String name) {
        ensureTemp();
        return new Path(temp, name).toString();
    }

    private void ensureTemp() {
        try {
            if (!fs.exists(temp) && !fs.mkdirs(temp)) {
                throw new IOException("mkdirs returned false");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the temporary output directory " + temp + ": "
                    + e.getMessage(), e);
        }
    }

    /** Writes a small text file into the temporary directory. */
    public void writeText(String name, String content) throws IOException {
        ensureTemp();
        try (OutputStream out = fs.create(new Path(temp, name), true)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Renames the finished directory into place (replacing the old one when overwriting). */
    public void commit() throws IOException {
        ensureTemp();
        if (fs.exists(target)) {
            if (!overwrite) {
                throw new IOException("output directory '" + target + "' appeared while the job ran; result left in "
                        + temp);
            }
            Path old = new Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
            if (!fs.rename(target, old)) {
                throw new IOException("cannot move the old '" + target + "' aside; result left in " + temp);
            }
            if (!fs.rename(temp, target)) {
                fs.rename(old, target);
                throw new IOException("cannot rename " + temp + " to " + target);
            }
            fs.delete(old, true);
            return;
        }
        if (!fs.rename(temp, target)) {
            throw new IOException("cannot rename " + temp + " to " + target);
        }
    }

    /** Removes the temporary directory (after a failure). */
    public void abort() {
        try {
            fs.delete(temp, true);
        } catch (IOException ignored) {
            // best effort: the target itself was never touched
        }
    }

    public String target() {
        return target.toString();
    }

    /** The temporary sibling the outputs are written to before {@link #commit()}. */
    public String temp() {
        return temp.toString();
    }
}
