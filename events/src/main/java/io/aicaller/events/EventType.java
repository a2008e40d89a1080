package io.aicaller.events;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event type: its short name, CloudEvents type ({@code io.aicaller.<domain>.<event>.v1}), topic, record class,
 * JSON Schema and golden sample (classpath resources of this module).
 */
public enum EventType {

    CALL_RECEIVED("call.received", Topics.CALLS_LIFECYCLE, CallReceived.class),
    CALL_DIALED("call.dialed", Topics.CALLS_LIFECYCLE, CallDialed.class),
    CALL_STATUS_CHANGED("call.status-changed", Topics.CALLS_LIFECYCLE, CallStatusChanged.class),
    CALL_STREAM_STARTED("call.stream-started", Topics.CALLS_LIFECYCLE, CallStreamStarted.class),
    CALL_STREAM_ENDED("call.stream-ended", Topics.CALLS_LIFECYCLE, CallStreamEnded.class),
    CALL_ENDED("call.ended", Topics.CALLS_LIFECYCLE, CallEnded.class),
    CALL_STREAM_STATUS_CHANGED("call.stream-status-changed", Topics.CALLS_LIFECYCLE, CallStreamStatusChanged.class),
    CALL_RECORDING_STATUS_CHANGED("call.recording-status-changed", Topics.CALLS_LIFECYCLE,
            CallRecordingStatusChanged.class),
    CALL_MACHINE_DETECTION_COMPLETED("call.machine-detection-completed", Topics.CALLS_LIFECYCLE,
            MachineDetectionCompleted.class),
    CALL_ANALYZED("call.analyzed", Topics.CALLS_LIFECYCLE, CallAnalyzed.class),
    CALL_ANALYSIS_REQUESTED("call.analysis-requested", Topics.CALLS_ANALYSIS_REQUESTS, CallAnalysisRequested.class),
    TOOL_INVOKED("tool.invoked", Topics.CALLS_LIFECYCLE, ToolInvoked.class),
    TOOL_COMPLETED("tool.completed", Topics.CALLS_LIFECYCLE, ToolCompleted.class),
    TRANSCRIPT_TURN("transcript.turn", Topics.CALLS_TRANSCRIPTS, TranscriptTurn.class),
    CALL_HANG_UP("call.hang-up", Topics.CALLS_COMMANDS, HangUpCall.class),
    CALL_TRANSFER("call.transfer", Topics.CALLS_COMMANDS, TransferCall.class),
    CALL_DIAL("call.dial", Topics.CALLS_COMMANDS, DialCall.class),
    MESSAGE_SEND_REQUESTED("message.send-requested", Topics.MESSAGES_SEND_REQUESTS, MessageSendRequested.class),
    MESSAGE_RECEIVED("message.received", Topics.MESSAGES_EVENTS, MessageReceived.class),
    MESSAGE_SENT("message.sent", Topics.MESSAGES_EVENTS, MessageSent.class),
    MESSAGE_STATUS_CHANGED("message.status-changed", Topics.MESSAGES_EVENTS, MessageStatusChanged.class),
    MESSAGE_REFUSED("message.refused", Topics.MESSAGES_EVENTS, MessageRefused.class),
    MESSAGE_OPT_OUT_CHANGED("message.opt-out-changed", Topics.MESSAGES_OPT_OUTS, OptOutChanged.class),
    NUMBER_PURCHASED("number.purchased", Topics.NUMBERS_LIFECYCLE, NumberPurchased.class),
    NUMBER_CONFIGURED("number.configured", Topics.NUMBERS_LIFECYCLE, NumberConfigured.class),
    NUMBER_RELEASED("number.released", Topics.NUMBERS_LIFECYCLE, NumberReleased.class);

    public static final String CE_TYPE_PREFIX = "io.aicaller.";
    public static final String CE_TYPE_SUFFIX = ".v1";

    private static final Map<Class<?>, EventType> BY_CLASS = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::recordClass, Function.identity()));
    private static final Map<String, EventType> BY_CE_TYPE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::ceType, Function.identity()));

    private final String shortName;
    private final String topic;
    private final Class<? extends Event> recordClass;

    EventType(String shortName, String topic, Class<? extends Event> recordClass) {
        this.shortName = shortName;
        this.topic = topic;
        this.recordClass = recordClass;
    }

    /** The name used in DESIGN.md's topic table, e.g. {@code call.received}. */
    public String shortName() {
        return shortName;
    }

    /** The CloudEvents {@code type}, e.g. {@code io.aicaller.call.received.v1}. */
    public String ceType() {
        return CE_TYPE_PREFIX + shortName + CE_TYPE_SUFFIX;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends Event> recordClass() {
        return recordClass;
    }

    /** Classpath location of the JSON Schema of this type. */
    public String schemaResource() {
        return "/schemas/" + shortName + CE_TYPE_SUFFIX + ".json";
    }

    /** Classpath location of the golden sample of this type. */
    public String sampleResource() {
        return "/samples/" + shortName + CE_TYPE_SUFFIX + ".json";
    }

    public static EventType of(Class<?> recordClass) {
        EventType type = BY_CLASS.get(recordClass);
        if (type == null) {
            throw new IllegalArgumentException("Not an ai-caller event class: " + recordClass.getName());
        }
        return type;
    }

    /** The record class of every event type. */
    public static java.util.List<Class<? extends Event>> recordClasses() {
        return Arrays.stream(values()).map(EventType::recordClass).collect(Collectors.toUnmodifiableList());
    }

    public static EventType fromCeType(String ceType) {
        EventType type = BY_CE_TYPE.get(ceType);
        if (type == null) {
            throw new IllegalArgumentException("Unknown CloudEvents type: " + ceType);
        }
        return type;
    }
}
