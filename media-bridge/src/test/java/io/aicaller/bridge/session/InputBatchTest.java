package io.aicaller.bridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.aicaller.agents.TurnDetection;
import io.aicaller.bridge.model.AgentProfile;
import io.aicaller.bridge.model.OpenAiRealtimeProtocol;
import io.aicaller.bridge.twilio.TwilioMessages;

/** Caller audio in fewer, larger appends: nothing lost, nothing reordered, nothing held past a commit. */
class InputBatchTest {

    final Random random = new Random(17);

    byte[] bytes(int length) {
        byte[] frame = new byte[length];
        random.nextBytes(frame);
        return frame;
    }

    static byte[] audioOf(String append) {
        String audio = append.substring(append.indexOf("\"audio\":\"") + 9);
        return Base64.getDecoder().decode(audio.substring(0, audio.indexOf('"')));
    }

    @Test
    void framesOfAnyLengthComeOutAsTheSameBytesInBatchesOfAtLeastTheBatchLength() {
        for (int batchBytes : new int[]{160, 400, 800, 801}) {
            InputBatch batch = new InputBatch(batchBytes);
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<Integer> sizes = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                // Twilio's 160 bytes (padded base64) mostly, and now and then any other length
                byte[] frame = bytes(i % 7 == 0 ? random.nextInt(1, 1200) : 160);
                in.writeBytes(frame);
                String sent = batch.add(Base64.getEncoder().encodeToString(frame));
                if (sent != null) {
                    byte[] decoded = Base64.getDecoder().decode(sent);
                    sizes.add(decoded.length);
                    out.writeBytes(decoded);
                }
            }
            String rest = batch.drain();
            if (rest != null) {
                out.writeBytes(Base64.getDecoder().decode(rest));
            }
            assertThat(out.toByteArray()).as("batch of %d", batchBytes).isEqualTo(in.toByteArray());
            assertThat(sizes).as("batch of %d", batchBytes)
                    .allSatisfy(s -> assertThat(s).isGreaterThanOrEqualTo(
                            batchBytes));
            assertThat(batch.drain()).isNull();
        }
    }

    @Test
    void aBatchOfOneFrameOrLessPassesEachFrameThroughUntouched() {
        InputBatch batch = new InputBatch(160);
        String frame = Base64.getEncoder().encodeToString(bytes(160));
        assertThat(batch.add(frame)).isSameAs(frame);
        assertThat(new InputBatch(0).add(frame)).isSameAs(frame);
        assertThat(batch.drain()).isNull();
    }

    @Test
    void fiveFramesMakeOneAppendOfAHundredMillisecondsAndTheOrderIsKept() throws Exception {
        CallSessionTest.Recorder out = new CallSessionTest.Recorder();
        OpenAiRealtimeProtocol protocol = new OpenAiRealtimeProtocol();
        CallSession session = new CallSession(protocol, out, List.of(), settings(100));
        session.start(CallSessionTest.startMessage(), CallSessionTest.PROFILE, 0);
        List<byte[]> frames = new ArrayList<>();
        // Two frames arrive before the session is confirmed: held, then sent in the first batch.
        for (int i = 0; i < 2; i++) {
            frames.add(bytes(160));
            session.onTwilio(TwilioMessages.parse(media(frames.get(i))), 0);
        }
        session.onModel(protocol.parse(CallSessionTest.UPDATED_PCMU), 0);
        assertThat(out.count("input_audio_buffer.append")).isZero();
        for (int i = 2; i < 10; i++) {
            frames.add(bytes(160));
            session.onTwilio(TwilioMessages.parse(media(frames.get(i))), 0);
        }
        List<String> appends = out.model.stream().filter(m -> m.contains("input_audio_buffer.append")).toList();
        assertThat(appends).hasSize(2);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        frames.forEach(expected::writeBytes);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        appends.forEach(a -> sent.writeBytes(audioOf(a)));
        assertThat(audioOf(appends.get(0))).hasSize(800);
        assertThat(sent.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(out.violations).isEmpty();
    }

    @Test
    void whenTheBridgeEndsTheCallersTurnItsLastAudioIsSentBeforeTheCommit() throws Exception {
        CallSessionTest.Recorder out = new CallSessionTest.Recorder();
        OpenAiRealtimeProtocol protocol = new OpenAiRealtimeProtocol();
        CallSession session = new CallSession(protocol, out, List.of(), settings(100));
        AgentProfile off = new AgentProfile("off", "gpt-realtime", "x", "alloy", null,
                new TurnDetection("off", null, null, 200, null, null), List.of(), null, null, AgentProfile.PCMU);
        session.start(CallSessionTest.startMessage(), off, 0);
        session.onModel(protocol.parse(CallSessionTest.UPDATED_PCMU), 0);
        String loud = media(CallSessionTest.loudFrame());
        for (int i = 0; i < CallerTurns.FRAMES_TO_START + 1; i++) {
            session.onTwilio(TwilioMessages.parse(loud), 0);
        }
        // 200 ms of silence ends the turn: 14 frames in all, so four are held when the commit is due.
        String silence = media(Base64.getDecoder().decode(CallSessionTest.CHUNK));
        for (int i = 0; i < 10; i++) {
            session.onTwilio(TwilioMessages.parse(silence), 0);
        }
        assertThat(out.modelTypes()).endsWith("input_audio_buffer.append", "input_audio_buffer.commit",
                "response.create");
        long appended = out.model.stream()
                .filter(m -> m.contains("input_audio_buffer.append"))
                .mapToLong(a -> audioOf(a).length)
                .sum();
        assertThat(appended).isEqualTo((CallerTurns.FRAMES_TO_START + 11) * 160L);
        assertThat(out.violations).isEmpty();
    }

    @Test
    void aPcmModelsBatchIsCountedInPcmBytes() throws Exception {
        CallSessionTest.Recorder out = new CallSessionTest.Recorder();
        OpenAiRealtimeProtocol protocol = new OpenAiRealtimeProtocol();
        CallSession session = new CallSession(protocol, out, List.of(), settings(60));
        session.start(CallSessionTest.startMessage(),
                new AgentProfile("pcm", "m", "i", "v", null, null, List.of(), null, null, AgentProfile.PCM), 0);
        session.onModel(protocol.parse(CallSessionTest.updated(AgentProfile.PCM, AgentProfile.PCM)), 0);
        for (int i = 0; i < 6; i++) {
            session.onTwilio(TwilioMessages.parse(media(bytes(160))), 0);
        }
        List<String> appends = out.model.stream().filter(m -> m.contains("input_audio_buffer.append")).toList();
        assertThat(appends).hasSize(2).allSatisfy(a -> assertThat(audioOf(a)).hasSize(3 * 960));
    }

    static SessionSettings settings(long batchMs) {
        return new SessionSettings(0, 10_000, 15_000, 10_000, batchMs);
    }

    static String media(byte[] frame) {
        return "{\"event\":\"media\",\"streamSid\":\"" + CallSessionTest.STREAM + "\",\"media\":{\"payload\":\""
                + Base64.getEncoder().encodeToString(frame) + "\"}}";
    }
}
