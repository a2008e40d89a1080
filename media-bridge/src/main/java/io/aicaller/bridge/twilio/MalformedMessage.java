package io.aicaller.bridge.twilio;

/** A frame that is not a valid Media Streams message; it is counted and skipped, never fatal to the call. */
public class MalformedMessage extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedMessage(String message) {
        super(message, null, false, false);
    }
}
