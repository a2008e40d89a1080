package io.aicaller.events;

/** An event that asks for something to be done once: its executor drops a command id it has already run. */
public interface Command extends Event {

    String commandId();
}
