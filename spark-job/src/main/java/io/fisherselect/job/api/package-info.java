/**
 * The Java API for Spark applications, in the style of Spark ML: typed, validated
 * {@link org.apache.spark.ml.param.Param}s with defaults, DataFrames in and out.
 *
 * <ul>
 *   <li>{@link io.fisherselect.job.api.FisherSelector}: {@code select(pool, labeled)} returns the
 *       batch ({@code rank}, {@code id}, {@code gain}) of any method;</li>
 *   <li>{@link io.fisherselect.job.api.FisherScorer}: an Estimator whose {@code fit(labeled)}
 *       returns a {@link io.fisherselect.job.api.FisherScorerModel} that appends a method's
 *       per-item score to any pool (params: {@link io.fisherselect.job.api.FisherScorerParams});</li>
 *   <li>{@link io.fisherselect.job.api.FisherKryoRegistrator}: for applications that use Kryo.</li>
 * </ul>
 *
 * <pre>{@code
 * Dataset<Row> batch = new FisherSelector().setMethod("eig-logdet").setK(100).select(pool, labeled);
 * Dataset<Row> scored = new FisherScorer(new FisherScorerParams().setMethod("eig-trace").setOutputCol("eig"))
 *         .fit(labeled).transform(pool);
 * }</pre>
 *
 * <p>Add the application jar ({@code spark-job-VERSION-app.jar}: FisherSelect with EJML and
 * picocli; Spark provided) to the application, e.g. {@code spark-submit --jars}. The command line
 * ({@code select}, {@code score}) is a thin layer over these classes and the jobs they call.
 */
package io.fisherselect.job.api;
