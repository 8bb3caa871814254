package io.fisherselect.job;

import io.fisherselect.job.score.ScoreConfig;
import io.fisherselect.job.score.ScoreJob;
import io.fisherselect.job.select.SelectConfig;
import io.fisherselect.job.select.Selection;
import io.fisherselect.job.select.SelectionJob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fisherselect.job.api.FisherSelector;
import io.fisherselect.job.synth.DatasetWriter;
import io.fisherselect.job.synth.SyntheticPool;
import io.fisherselect.math.AcquisitionMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs and outputs go through Hadoop {@code FileSystem} URIs: a pool and a labeled set written
 * to explicit {@code file:} URIs, a selection and a scoring that read them and write their
 * output directories there (atomically: no temporary sibling left), with the same result as the
 * plain-path run.
 */
class HadoopUriTest {
    @TempDir
    Path dir;

    @Test
    void fileUrisInAndOut() throws IOException {
        String poolUri = dir.resolve("pool.parquet").toUri().toString();
        String labeledUri = dir.resolve("labeled.jsonl").toUri().toString();
        assertTrue(poolUri.startsWith("file:/"), poolUri);
        DatasetWriter.write(new SyntheticPool(400, 6, 3, 5, 4.0, "p").generate(LocalSpark.session(), 3), poolUri,
                null, false);
        DatasetWriter.write(new SyntheticPool(30, 6, 3, 6, 4.0, "l").generate(LocalSpark.session(), 1), labeledUri,
                null, false);
        assertTrue(Files.isDirectory(dir.resolve("pool.parquet")));
        assertTrue(Files.isDirectory(dir.resolve("labeled.jsonl")));

        FisherSelector params = new FisherSelector().setMethod("eig-logdet").setK(6);
        String outUri = dir.resolve("out-uri").toUri().toString();
        Selection viaUri = new SelectionJob(LocalSpark.session()).run(SelectConfig.of(poolUri, labeledUri, params,
                outUri));
        String outPath = dir.resolve("out-path").toString();
        new SelectionJob(LocalSpark.session()).run(SelectConfig.of(dir.resolve("pool.parquet").toString(),
                dir.resolve("labeled.jsonl").toString(), params, outPath));
        assertEquals(SelectionCsv.text(Path.of(outPath)), SelectionCsv.text(dir.resolve("out-uri")));
        assertEquals(6, viaUri.picks().size());
        assertEquals(poolUri, new ObjectMapper().readTree(dir.resolve("out-uri/report.json").toFile())
                .get("config").get("pool").asText());
        assertTrue(Files.isDirectory(dir.resolve("out-uri/selection")));

        String scoresUri = dir.resolve("scores-uri").toUri().toString();
        new ScoreJob(LocalSpark.session()).run(ScoreConfig.of(poolUri, labeledUri,
                List.of(AcquisitionMethod.EIG_TRACE), scoresUri));
        assertEquals(400, LocalSpark.session().read().parquet(scoresUri + "/" + ScoreJob.SCORES).count());

        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp-")).toList());
        }
    }
}
