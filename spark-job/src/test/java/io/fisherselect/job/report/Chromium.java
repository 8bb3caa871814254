package io.fisherselect.job.report;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Headless Chromium for the report tests: finds the Debian {@code chromium} binary, takes a
 * screenshot of a local HTML file, and measures how much of it is not blank.
 */
public final class Chromium {
    private Chromium() {
    }

    /** The chromium binary on the PATH (chromium, chromium-browser, google-chrome), or null. */
    public static String binary() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : path.split(File.pathSeparator)) {
                File f = new File(dir, name);
                if (f.isFile() && f.canExecute()) {
                    return f.getAbsolutePath();
                }
            }
        }
        return null;
    }

    /**
     * Renders {@code html} with {@code --headless --no-sandbox --disable-gpu} into {@code png}
     * ({@code width}×{@code height}). Its profile is a fresh temporary directory, deleted
     * afterwards; a Chromium that has not finished after 300 s (a hang: it normally takes a few
     * seconds) is killed with its child processes and the call fails.
     */
    public static BufferedImage screenshot(String chromium, Path html, Path png, int width, int height)
            throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("fs-chromium-profile");
        ProcessBuilder pb = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--no-first-run", "--user-data-dir=" + profile,
                "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                html.toAbsolutePath().toUri().toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(profile.resolve("chromium.log").toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                throw new IOException("chromium did not finish in 300 s");
            }
            if (!Files.isRegularFile(png)) {
                throw new IOException("chromium wrote no screenshot (exit " + p.exitValue() + "): "
                        + Files.readString(profile.resolve("chromium.log")));
            }
            return ImageIO.read(png.toFile());
        } finally {
            // renderer and helper processes too, so that none outlives the test
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.onExit().completeOnTimeout(p, 30, TimeUnit.SECONDS).join();
            deleteRecursively(profile);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a leftover profile in the temporary directory is harmless; the screenshot counts
        }
    }

    /** Fraction of pixels that are not (near-)white. */
    public static double inkFraction(BufferedImage img) {
        long ink = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (r < 235 || g < 235 || b < 235) {
                    ink++;
                }
            }
        }
        return ink / (double) ((long) img.getWidth() * img.getHeight());
    }

    /** Distinct colours, quantised to 4 bits per channel. */
    public static int colours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                seen.add(img.getRGB(x, y) & 0xf0f0f0);
            }
        }
        return seen.size();
    }
}
