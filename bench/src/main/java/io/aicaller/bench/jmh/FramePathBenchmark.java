package io.aicaller.bench.jmh;

import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import io.aicaller.agents.AgentDefinition;
import io.aicaller.agents.TurnDetection;
import io.aicaller.bridge.audio.Transcoder;
import io.aicaller.bridge.model.AgentProfile;
import io.aicaller.bridge.model.OpenAiRealtimeProtocol;
import io.aicaller.bridge.session.CallSession;
import io.aicaller.bridge.session.Outbox;
import io.aicaller.bridge.twilio.TwilioMessage;
import io.aicaller.bridge.twilio.TwilioMessages;
import io.aicaller.events.Command;
import io.aicaller.events.Event;

/**
 * What the bridge's own code costs per 20 ms frame, without sockets: one caller frame in (parse, forward), one model
 * audio delta out (parse, media + mark) and the mark's echo, through a real {@link CallSession}; and the parts alone,
 * including the PCM16 transcoding path. Compare with the per-frame CPU the socket benchmark measures.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FramePathBenchmark {

    private static final String STREAM = "MZ00000000000000000000000000000001";
    private static final String CALL = "CA00000000000000000000000000000001";

    private final OpenAiRealtimeProtocol protocol = new OpenAiRealtimeProtocol();
    private final Sink sink = new Sink();
    private CallSession session;
    private String media;
    private String delta;
    private String pcmDelta;
    private String muLaw;
    private long now = 1_000_000;
    private final Transcoder toModel = new Transcoder();
    private final Transcoder fromModel = new Transcoder();

    /** The session's outbox: keeps the last message to Twilio (the mark to echo) and swallows the rest. */
    static final class Sink implements Outbox {
        Blackhole blackhole;
        String lastToTwilio;

        @Override
        public void toTwilio(String message) {
            lastToTwilio = message;
            blackhole.consume(message);
        }

        @Override
        public void toModel(String message) {
            blackhole.consume(message);
        }

        @Override
        public void publish(Event event, String... idParts) {
            blackhole.consume(event);
        }

        @Override
        public void runTool(String callId, Command command) {
            blackhole.consume(command);
        }

        @Override
        public void callTool(String callId, AgentDefinition.HttpTool tool, String body) {
        }

        @Override
        public void closeModel() {
        }

        @Override
        public void schedule(String timer, long delayMs) {
        }

        @Override
        public void closeTwilio() {
        }
    }

    @Setup
    public void setUp(Blackhole blackhole) throws Exception {
        sink.blackhole = blackhole;
        byte[] frame = new byte[160];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) (0x7F - (i % 32));
        }
        muLaw = Base64.getEncoder().encodeToString(frame);
        media = "{\"event\":\"media\",\"sequenceNumber\":\"42\",\"streamSid\":\"" + STREAM + "\",\"media\":{\"track\":"
                + "\"inbound\",\"chunk\":\"41\",\"timestamp\":\"820\",\"payload\":\"" + muLaw + "\"}}";
        delta = "{\"type\":\"response.output_audio.delta\",\"event_id\":\"event_1\",\"response_id\":\"resp_1\","
                + "\"item_id\":\"item_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"" + muLaw + "\"}";
        pcmDelta = Base64.getEncoder().encodeToString(new byte[960]);
        session = new CallSession(protocol, sink, List.of());
        TwilioMessage.Start start = (TwilioMessage.Start) TwilioMessages.parse("{\"event\":\"start\",\"streamSid\":\""
                + STREAM + "\",\"start\":{\"streamSid\":\"" + STREAM + "\",\"callSid\":\"" + CALL
                + "\",\"tracks\":[\"inbound\"],\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,"
                + "\"channels\":1},\"customParameters\":{}}}");
        session.start(start,
                new AgentProfile("bench", "gpt-realtime", "Be brief.", "alloy", null, TurnDetection.serverVad(),
                        List.of(AgentProfile.END_CALL), null, null, AgentProfile.PCMU),
                now);
        // The model confirms the session as configured: from here audio flows both ways.
        session.onModel(protocol.parse("{\"type\":\"session.updated\",\"event_id\":\"e1\",\"session\":{\"type\":"
                + "\"realtime\",\"audio\":{\"input\":{\"format\":{\"type\":\"audio/pcmu\"}},\"output\":{\"format\":"
                + "{\"type\":\"audio/pcmu\"}}}}}"), now);
    }

    /** One whole frame: caller audio in and forwarded, model audio out with its mark, the mark's echo. */
    @Benchmark
    public void frame() throws Exception {
        now += 20;
        session.onTwilio(TwilioMessages.parse(media), now);
        session.onModel(protocol.parse(delta), now);
        session.onTwilio(TwilioMessages.parse(sink.lastToTwilio), now);
    }

    @Benchmark
    public TwilioMessage parseTwilioMedia() throws Exception {
        return TwilioMessages.parse(media);
    }

    @Benchmark
    public Object parseModelDelta() {
        return protocol.parse(delta);
    }

    /** The PCM16 path: a 20 ms caller frame to 24 kHz PCM16. */
    @Benchmark
    public String transcodeCallerFrame() {
        return toModel.muLaw8kToPcm24k(muLaw);
    }

    /** The PCM16 path: 20 ms of model audio (24 kHz PCM16) to mu-law for Twilio. */
    @Benchmark
    public String transcodeModelFrame() {
        return fromModel.pcm24kToMuLaw8k(pcmDelta);
    }
}
