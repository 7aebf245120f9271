package sanphalang.bench.parser;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.sanphalang.checkin.CheckInParser;

/**
 * Messages per second through {@code CheckInParser.parse(String)}, cycling over the example messages.
 * Written against the API only, so it runs unchanged on the real lexicon parser once it lands.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx256m"})
public class ParserBenchmark {

    private CheckInParser parser;
    private String[] texts;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        parser = ParserExamples.parser();
        List<ParserExamples.Example> examples = ParserExamples.load();
        texts = examples.stream().map(ParserExamples.Example::text).toArray(String[]::new);
    }

    /** One message per invocation: ops/s = messages/s. */
    @Benchmark
    public void parse(Blackhole hole) {
        hole.consume(parser.parse(texts[next]));
        next = next + 1 == texts.length ? 0 : next + 1;
    }
}
